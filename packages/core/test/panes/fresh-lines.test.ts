import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshLines, freshLinesAfterScroll } from '../../src/panes/fresh-lines';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';

/**
 * The rule as written before session 19 (a line is blank when `trim()` leaves nothing), with session 20's tail of a
 * wrapped line at the top: the reference.
 */
function freshByTrim(previous: readonly string[], next: ScreenSnapshot): string[] {
  const seen = new Map<string, number>();
  for (const line of previous) seen.set(line, (seen.get(line) ?? 0) + 1);
  return next.lines.filter((line, row) => {
    if (row === next.cursor.y || line.trim() === '') return false;
    const count = seen.get(line) ?? 0;
    if (count > 0) seen.set(line, count - 1);
    const tail = row === 0 && previous.some((p) => p.length > line.length && p.endsWith(line));
    return count === 0 && !tail;
  });
}

/** Lines as panes show them, blank ones of every kind of white space, and a few that repeat. */
const line = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\u00a0',
    '\u1680',
    '\u2003',
    '\u2028',
    '\u3000',
    '\ufeff',
    ' \u00a0 ',
    'ok',
  ),
  fc.constantFrom('ok ', ' ok', '\u00a0x', '\ufeffx', '\u0085', '\u200b', '\u180e', '~', '\u007f'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

describe('the lines that appeared on a screen', () => {
  it('leave out the cursor row and blank lines (any white space), and lines that were there', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 8 }),
        fc.array(line, { maxLength: 8 }),
        fc.nat(8),
        (before, lines, y) => {
          const next: ScreenSnapshot = { lines, cursor: { x: 0, y } };
          expect(freshLines(before, next)).toEqual(freshByTrim(before, next));
        },
      ),
      { numRuns: 2_000 },
    );
    const screen: ScreenSnapshot = { lines: ['a', ' ', '\u00a0', 'b ', 'a', '$ '], cursor: { x: 2, y: 5 } };
    expect(freshLines(['a'], screen)).toEqual(['b ', 'a']);
  });

  it("is not the tail of a wrapped line whose first rows scrolled off (the screen's first line)", () => {
    // A 20-column pane: a 45-character line took three rows; two more lines scrolled its first row off.
    const long = 'The login form is ready for review: form.tsx';
    const before = ['$ make', long, 'done', '$ '];
    const after: ScreenSnapshot = {
      lines: [long.slice(20), 'done', 'next', 'last', '$ '],
      cursor: { x: 2, y: 4 },
    };
    expect(freshLines(before, after)).toEqual(['next', 'last']);
    // Only at the top: the same text lower down was printed anew.
    const again: ScreenSnapshot = { lines: ['done', long.slice(20), '$ '], cursor: { x: 2, y: 2 } };
    expect(freshLines(before, again)).toEqual([long.slice(20)]);
    // After lines that scrolled past unseen, the tail is of the last of them (`wrappedFrom`), not of the screen before.
    expect(freshLines([], after, [long])).toEqual(['done', 'next', 'last']);
    expect(freshLines([], after)).toEqual([long.slice(20), 'done', 'next', 'last']);
  });

  it('after a scroll, by the moved rows and the lines no row of the screen before shows: the same lines', () => {
    // Few distinct texts, so lines repeat (on the screen, and from the screen before): the cases the map is for.
    const text = fc.oneof(fc.constantFrom('', ' ', 'ok', 'ok ', 'a', 'b', 'ba'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 10 }),
        fc.nat(12),
        fc.array(fc.tuple(fc.nat(11), text), { maxLength: 6 }),
        fc.nat(11),
        fc.integer({ min: -1, max: 12 }),
        (before, shift, changes, y, told) => {
          // The screen before moved up by `shift` (blank below), then some rows rewritten.
          const lines = before.map((_, row) => before[row + shift] ?? '');
          for (const [row, line] of changes) if (row < lines.length) lines[row] = line;
          const next: ScreenSnapshot = { lines, cursor: { x: 0, y } };
          const expected = freshLines(before, next);
          expect(freshLinesAfterScroll(before, next, shift)).toEqual(expected);
          expect(freshLinesAfterScroll(before, next, told)).toEqual(expected);
        },
      ),
      { numRuns: 3_000 },
    );
    // A printing pane: two rows moved up, two new lines below them, the cursor on the prompt.
    const screen: ScreenSnapshot = { lines: ['3', '4', '5', '6', '$ '], cursor: { x: 2, y: 4 } };
    expect(freshLinesAfterScroll(['1', '2', '3', '4', '$ '], screen, 2)).toEqual(['5', '6']);
    // A new line that the screen before showed (scrolled off since): one occurrence taken, as the map does.
    const again: ScreenSnapshot = { lines: ['3', '4', '1', '6', '$ '], cursor: { x: 2, y: 4 } };
    expect(freshLinesAfterScroll(['1', '2', '3', '4', '$ '], again, 2)).toEqual(['6']);
  });
});
