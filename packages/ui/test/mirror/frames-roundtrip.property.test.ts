import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Terminal } from '@xterm/headless';
import { screenFrame, type ScreenSnapshot } from '@switchboard/core';
import { applyFrame, blankMirror, type MirrorScreen } from '../../src/mirror/screen-writer';

// Wide characters too: a row of 30 CJK characters needs 60 cells.
const printableLine = fc.string({
  unit: fc.constantFrom(...'abcxyz $#-_./0123456789ABC界面한'.split('')),
  maxLength: 50,
});
const screenOf = (rows: number) =>
  fc.record({
    lines: fc.array(printableLine, { minLength: rows, maxLength: rows }),
    cursor: fc.record({ x: fc.nat({ max: 50 }), y: fc.nat({ max: rows - 1 }) }),
  });
/** Mostly the same row count (diffs), sometimes a new one (full frames). */
const screens = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constant(6), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 1 },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .chain((sizes) => fc.tuple(...sizes.map(screenOf)));

// Core's diff (screenFrame) and the UI's writer (applyFrame) together, played into a real xterm.js
// parser: after any sequence of screens, the terminal shows exactly the last one, cursor included.
describe('core frames → xterm.js writes', () => {
  it("the mirror always ends up showing the pane's screen", async () => {
    await fc.assert(
      fc.asyncProperty(screens, async (sequence: ScreenSnapshot[]) => {
        const terminal = new Terminal({ cols: 10, rows: 3, allowProposedApi: true });
        let sent: ScreenSnapshot | undefined;
        let mirror: MirrorScreen = blankMirror;
        let frame = 0;
        for (const screen of sequence) {
          const body = screenFrame(sent, screen);
          if (!body) continue;
          sent = screen;
          const step = applyFrame(mirror, { frame: ++frame, ...body }, { minColumns: 10 });
          expect(step.resync).toBe(false);
          if (step.resize) terminal.resize(step.resize.columns, step.resize.rows);
          if (step.data) await new Promise<void>((resolve) => terminal.write(step.data, resolve));
          mirror = step.screen;
        }
        const last = sequence.at(-1)!;
        const buffer = terminal.buffer.active;
        const shown = Array.from(
          { length: terminal.rows },
          (_v, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '',
        );
        expect(shown.map((line) => line.trimEnd())).toEqual(last.lines.map((line) => line.trimEnd()));
        expect({ x: buffer.cursorX, y: buffer.cursorY }).toEqual({
          x: Math.min(last.cursor.x, terminal.cols - 1),
          y: last.cursor.y,
        });
        terminal.dispose();
      }),
      { numRuns: process.env['STRESS'] === '1' ? 1000 : 60 },
    );
  });
});
