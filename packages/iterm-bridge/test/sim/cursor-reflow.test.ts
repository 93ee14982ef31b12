import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { cursorOffsetInLine, restoreCursorOffset } from '../../src/sim/cursor-reflow';

const { Terminal } = xtermHeadless;
const QUESTION = 'Apply migration 2 to production? [y/N] ';

async function written(term: InstanceType<typeof Terminal>, data: string): Promise<void> {
  await new Promise<void>((resolve) => term.write(data, resolve));
}

/** Prints `text` at `cols` columns, narrows the terminal to `narrowTo` as the sim's resize does, and returns the cursor. */
async function afterNarrowing(text: string, cols: number, narrowTo: number) {
  const term = new Terminal({ cols, rows: 10, allowProposedApi: true });
  await written(term, text);
  const offset = cursorOffsetInLine(term)!;
  term.resize(narrowTo, 10);
  restoreCursorOffset(term, offset);
  await written(term, '');
  return { term, x: term.buffer.active.cursorX, y: term.buffer.active.cursorY };
}

describe('the sim keeps the cursor after the text it follows when a resize reflows it', () => {
  it('a question cut across rows: the cursor after its last character on the last row', async () => {
    const { x, y } = await afterNarrowing(QUESTION, 80, 19);
    expect([x, y]).toEqual([QUESTION.length - 19 * 2, 2]);
  });

  it('a question that exactly fills the narrowed width: after it on its own row, the wrap pending', async () => {
    const { term, x, y } = await afterNarrowing(QUESTION, 80, QUESTION.length);
    // The row below holds nothing: the cursor is not there (where a screen detector would see no question).
    expect([x, y]).toEqual([QUESTION.length, 0]);
    // The next character the program prints starts the next row, as a continuation of the question's line.
    await written(term, 'y');
    expect(term.buffer.active.getLine(1)!.translateToString(true)).toBe('y');
    expect(term.buffer.active.getLine(1)!.isWrapped).toBe(true);
  });

  it('a question twice the narrowed width: after it at the end of its second row', async () => {
    const text = QUESTION.slice(0, 38);
    const { x, y } = await afterNarrowing(text, 80, 19);
    expect([x, y]).toEqual([19, 1]);
  });
});

describe('resizes one after another, before xterm.js parses anything (several panes closed together)', () => {
  it('the cursor ends after the question, each resize starting from where the one before put it', async () => {
    // As the sim's sessions: the cursor's line reflows too.
    const term = new Terminal({ cols: 80, rows: 10, allowProposedApi: true, reflowCursorLine: true });
    await written(term, QUESTION);
    for (const cols of [19, 27, 40, 80]) {
      const offset = cursorOffsetInLine(term)!;
      term.resize(cols, 10);
      restoreCursorOffset(term, offset);
    }
    await written(term, '');
    // Before: the cursor was moved by a written escape, parsed after all four resizes: each read the cursor
    // where the reflow had left it (the iterm2-backend test's flake under load: 38, not 31).
    expect([term.buffer.active.cursorX, term.buffer.active.cursorY]).toEqual([QUESTION.length, 0]);
  });
});
