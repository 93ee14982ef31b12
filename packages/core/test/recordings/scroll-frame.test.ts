import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Terminal } from '@xterm/headless';
import { applyFrame, frameOutput, type RecordedFrame, type RecordedScreen } from '@switchboard/protocol';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import { asciicastEvents } from '../../src/recordings/asciicast';
import { recordedFrameOf } from '../../src/recordings/scroll-frame';

const ROWS = 6;
const frameOf = (previous: ScreenSnapshot | undefined, next: ScreenSnapshot, at = 0) => {
  const body = recordedFrameOf(previous, next);
  return body && ({ at, ...body, cursor: body.cursor ?? { x: 0, y: 0 } } as RecordedFrame);
};
/** What a replay shows: the screen rebuilt from a full frame of `screen` alone. */
const alone = (screen: ScreenSnapshot): RecordedScreen => applyFrame(undefined, frameOf(undefined, screen)!);
const comparable = (screen: RecordedScreen) => ({
  lines: screen.lines,
  styles: screen.styles.map((runs) => (runs?.length ? runs : undefined)),
  cursor: screen.cursor,
});

/** A pane that printed `count` numbered lines, the prompt on the last row. */
const printed = (from: number, count = ROWS - 1): ScreenSnapshot => ({
  lines: [...Array.from({ length: count }, (_, i) => `line ${from + i}`), '$ '],
  cursor: { x: 2, y: ROWS - 1 },
});

describe('scroll-aware recorded frames', () => {
  it('tells a screen that scrolled as the scroll and its new rows, and applies to the same screen', () => {
    const before = printed(1);
    const after = printed(4); // three lines printed: everything moved up three rows
    const frame = frameOf(before, after)!;
    expect(frame).toMatchObject({ full: false, scrolled: 3 });
    expect(frame.changes.map((change) => change.text)).toEqual(['line 6', 'line 7', 'line 8', '$ ']);
    expect(comparable(applyFrame(alone(before), frame))).toEqual(comparable(alone(after)));
    // A row edited in place is no scroll.
    const edited = { ...before, lines: before.lines.map((line, row) => (row === 2 ? 'changed' : line)) };
    expect(frameOf(before, edited)).not.toHaveProperty('scrolled');
    expect(frameOf(before, edited)!.changes).toEqual([{ row: 2, text: 'changed' }]);
  });

  it('a frame from before `scrolled` existed reads as before', () => {
    const before = alone(printed(1));
    const old: RecordedFrame = {
      at: 1,
      full: false,
      rows: ROWS,
      changes: [{ row: 0, text: 'x' }],
      cursor: { x: 0, y: 0 },
    };
    expect(applyFrame(before, old).lines).toEqual(['x', ...before.lines.slice(1)]);
  });

  // Screens that scroll by any amount, with rows edited and coloured at random: applying each frame to the
  // screen before it gives the screen a full frame gives, and its asciicast output played in xterm.js shows it.
  const styledRun = fc.oneof(
    fc.constant(undefined),
    fc.constant([{ length: 2, fg: 1 as const }]),
    fc.constant([{ length: 1, bold: true as const }]),
  );
  const step = fc.record({
    scroll: fc.nat({ max: ROWS + 1 }),
    edits: fc.array(
      fc.record({ row: fc.nat({ max: ROWS - 1 }), text: fc.string({ maxLength: 8 }), styles: styledRun }),
      {
        maxLength: 3,
      },
    ),
    cursor: fc.record({ x: fc.nat({ max: 9 }), y: fc.nat({ max: ROWS - 1 }) }),
  });
  it('apply == full frame, and the asciicast output plays to the same screen, for any scrolls and edits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        let screen: ScreenSnapshot = printed(0);
        let replayed = alone(screen);
        const terminal = new Terminal({ cols: 12, rows: ROWS, allowProposedApi: true });
        const play = (data: string) => new Promise<void>((resolve) => terminal.write(data, resolve));
        await play(frameOutput(frameOf(undefined, screen)!));
        for (const [i, { scroll, edits, cursor }] of steps.entries()) {
          const lines = [
            ...screen.lines.slice(scroll),
            ...new Array<string>(Math.min(scroll, ROWS)).fill(''),
          ].slice(0, ROWS);
          const styles = [
            ...(screen.styles ?? new Array(ROWS).fill([])).slice(scroll),
            ...new Array(Math.min(scroll, ROWS)).fill([]),
          ].slice(0, ROWS);
          for (const edit of edits) {
            lines[edit.row] = edit.text.replace(/[^ -~]/g, 'x');
            styles[edit.row] = edit.styles && lines[edit.row]!.length >= 2 ? edit.styles : [];
          }
          const next: ScreenSnapshot = { lines, styles, cursor };
          const frame = frameOf(screen, next, i + 1);
          screen = next;
          if (!frame) continue;
          replayed = applyFrame(replayed, frame);
          expect(comparable(replayed)).toEqual(comparable(alone(next)));
          await play(frameOutput(frame));
        }
        const buffer = terminal.buffer.active;
        const shown = Array.from(
          { length: ROWS },
          (_v, row) => buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '',
        );
        expect(shown.map((line) => line.trimEnd())).toEqual(screen.lines.map((line) => line.trimEnd()));
        terminal.dispose();
      }),
      { numRuns: 150 },
    );
  });
});

describe('asciicast output of recorded text', () => {
  it('prints control characters as nothing: a recorded row or scrolled-past line cannot carry its own sequences', () => {
    const hostile = 'x\x1b]0;pwned\x07y\x9b2J';
    const frame: RecordedFrame = {
      at: 1_000,
      full: true,
      rows: 2,
      changes: [{ row: 0, text: hostile }],
      cursor: { x: 0, y: 1 },
      passed: [`\x1b[2J${hostile}`],
    };
    const screen = applyFrame(undefined, frame);
    const events = asciicastEvents(frame, 0, { width: 80, height: 2 }, screen).map(
      (line) => JSON.parse(line) as [number, string, string],
    );
    const output = events.map(([, , data]) => data).join('');
    expect(output).toContain('x]0;pwnedy2J');
    expect(output).not.toContain('\x1b]');
    expect(output).not.toContain('\x07');
    expect(output).not.toContain('\x9b');
    expect(output).toContain('\r\n[2Jx]0;pwnedy'); // the scrolled-past line, its own clear gone
    expect(frameOutput(frame)).not.toContain('\x1b]');
  });
});
