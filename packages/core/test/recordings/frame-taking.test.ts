import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import { redactScreen } from '../../src/recordings/redact-screen';
import { redactSecrets } from '../../src/secrets/redact';

const TOKEN = `ghp_${'a1B2'.repeat(9)}`;
const ROWS = 6;

/** A redactor that counts the lines it is asked about. */
const counting = () => {
  const asked: string[] = [];
  return { asked, redact: (text: string) => (asked.push(text), redactSecrets(text)) };
};

/** A pane that printed `count` numbered lines, the prompt on the last row. */
const printed = (from: number, rows = 24): ScreenSnapshot => ({
  lines: [...Array.from({ length: rows - 1 }, (_, i) => `line ${from + i}`), '$ '],
  wraps: new Array<boolean>(rows).fill(false),
  cursor: { x: 2, y: rows - 1 },
});

describe('taking a frame: only the lines that changed are redacted', () => {
  it('redacts only the lines that changed since the last screen (a printing pane: its new lines)', () => {
    const first = printed(0);
    const firstRedacted = redactScreen(first);
    const { asked, redact } = counting();
    const next = printed(10); // ten lines printed: the screen scrolled by ten
    expect(redactScreen(next, redact, { raw: first, redacted: firstRedacted })).toEqual(next);
    // The 13 rows that moved up were redacted a screen ago; the 10 new lines and the prompt row's are asked.
    expect(asked).toEqual(next.lines.slice(13));
  });

  it('catches a secret split between a row that did not change and the new row it wrapped onto', () => {
    const columns = 20;
    const [head, tail] = [TOKEN.slice(0, columns - 6), TOKEN.slice(columns - 6)];
    // Read 1: the line so far ends on row 2 (no wrap yet); read 2: it went on onto row 3, row 2 unchanged.
    const before: ScreenSnapshot = {
      lines: ['$ cat token', 'ok', `token ${head}`, '', '', ''],
      wraps: [false, false, false, false, false, false],
      cursor: { x: columns, y: 2 },
    };
    const after: ScreenSnapshot = {
      lines: ['$ cat token', 'ok', `token ${head}`, tail, '$ ', ''],
      wraps: [false, false, true, false, false, false],
      cursor: { x: 2, y: 4 },
    };
    const beforeRedacted = redactScreen(before);
    const redacted = redactScreen(after, redactSecrets, { raw: before, redacted: beforeRedacted });
    expect(redacted.lines.join('\n')).not.toContain(head.slice(4));
    expect(redacted.lines.join('\n')).not.toContain(tail);
    expect(redacted.lines[2]).toContain('[REDACTED');
    expect(redacted).toEqual(redactScreen(after));
    // And the other way: the wrapped line scrolls up a row, its redaction reused, still redacted.
    const scrolled: ScreenSnapshot = {
      lines: [...after.lines.slice(1), 'more'],
      wraps: [...after.wraps!.slice(1), false],
      cursor: { x: 4, y: 5 },
    };
    const again = redactScreen(scrolled, redactSecrets, { raw: after, redacted });
    expect(again.lines.join('\n')).not.toContain(tail);
    expect(again).toEqual(redactScreen(scrolled));
    // The same rows' text, only the wrap flag new: the rows are one line now, redacted as one.
    const unwrapped = { ...after, wraps: new Array<boolean>(ROWS).fill(false) };
    const joined = redactScreen(after, redactSecrets, { raw: unwrapped, redacted: redactScreen(unwrapped) });
    expect(joined.lines.join('\n')).not.toContain(tail);
  });

  // Screens scrolling by any amount, rows edited and soft-wrapped at random, halves of a token among the rows, line
  // numbers right, wrong or absent: redacting against the screen before gives exactly what redacting the whole screen
  // gives (an edit without text only wraps or unwraps a row: the same rows, joined into other lines).
  const piece = fc.constantFrom('', 'ok', '$ ls', 'token ', TOKEN.slice(0, 20), TOKEN.slice(20), TOKEN, 'x');
  const step = fc.record({
    scroll: fc.nat({ max: ROWS + 1 }),
    // The screens' line numbers: as the scroll tells them, wrong (a pane restarted, a misread), or none.
    numbering: fc.constantFrom('told', 'wrong', 'none'),
    wrongBy: fc.nat({ max: ROWS + 1 }),
    edits: fc.array(
      fc.record({
        row: fc.nat({ max: ROWS - 1 }),
        text: fc.option(piece, { nil: undefined }),
        wraps: fc.boolean(),
      }),
      {
        maxLength: 3,
      },
    ),
  });
  it('gives the same screen as redacting it whole, for any scrolls, edits and wraps', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.boolean(), (steps, styled) => {
        let raw: ScreenSnapshot = {
          lines: new Array<string>(ROWS).fill(''),
          wraps: new Array<boolean>(ROWS).fill(false),
          ...(styled ? { styles: new Array(ROWS).fill([{ length: 1, bold: true }]) } : {}),
          cursor: { x: 0, y: 0 },
          firstLine: 0,
        };
        let redacted = redactScreen(raw);
        for (const { scroll, numbering, wrongBy, edits } of steps) {
          const fill = <T>(values: T[], empty: T) =>
            [...values.slice(scroll), ...new Array<T>(Math.min(scroll, ROWS)).fill(empty)].slice(0, ROWS);
          const lines = fill(raw.lines, '');
          const wraps = fill(raw.wraps!, false);
          for (const edit of edits)
            [lines[edit.row], wraps[edit.row]] = [edit.text ?? lines[edit.row]!, edit.wraps];
          const next: ScreenSnapshot = {
            lines,
            wraps,
            ...(raw.styles ? { styles: fill(raw.styles, [{ length: 1, fg: 2 }]) } : {}),
            cursor: { x: 0, y: ROWS - 1 },
            firstLine:
              numbering === 'none'
                ? undefined
                : (raw.firstLine ?? 0) + (numbering === 'told' ? scroll : wrongBy),
          };
          const incremental = redactScreen(next, redactSecrets, { raw, redacted });
          expect(incremental).toEqual(redactScreen(next));
          [raw, redacted] = [next, incremental];
        }
      }),
      { numRuns: 400 },
    );
  });
});
