// The embedded server reads a line whose text is all ASCII without visiting its cells (screen.ts `asciiLine`): the
// same LineContents as reading each cell, for every kind of line a terminal holds, at a fraction of the calls.
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { numberingOf, readLines } from '../../src/sim/screen';

const { Terminal } = xtermHeadless;

async function terminalWith(text: string, cols = 20) {
  const term = new Terminal({ cols, rows: 6, scrollback: 200, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(text, resolve));
  return { term, n: numberingOf(term, term.buffer.normal.baseY) };
}

/** Every kind of line: ASCII, written and never-written spaces, erased cells, wide, combined and wrapped ones. */
const MIXED = [
  'plain ascii line\r\n',
  'trailing spaces   \r\n',
  'gap\x1b[6Cafter the gap\r\n', // never-written cells inside the line
  'erased tail\x1b[5D\x1b[K\r\n',
  'wide ｗｉｄｅ chars\r\n',
  'combining e\u0301 and cafe\u0301\r\n',
  'emoji 🙂 here\r\n',
  'a line long enough to wrap over two rows of twenty\r\n',
  '\r\n', // an empty line
  '  leading spaces\r\n',
  'tab\tstop\r\n',
].join('');

describe('lines read without visiting their cells', () => {
  it('are the LineContents a read of every cell gives, for every kind of line', async () => {
    const { term, n } = await terminalWith(MIXED.repeat(3));
    const total = n.overflow + n.history + n.rows;
    // A column window takes the cell-by-cell way over the same (whole) width.
    const byCell = readLines(term, n, n.overflow, total - n.overflow, false, { from: 0, to: 10_000 });
    const read = readLines(term, n, n.overflow, total - n.overflow, false);
    expect(read).toEqual(byCell);
    expect(read.map((line) => line.text)).toContain('trailing spaces   '); // written spaces are kept
    expect(read.map((line) => line.text)).toContain('gap      after the g');
  });

  it('visit no cell of an ASCII line', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i} compiling module ${i % 97}: ok\r\n`).join('');
    const { term, n } = await terminalWith(lines, 40);
    const line = term.buffer.active.getLine(0)!;
    // Counted on xterm's own line view (the class every getLine returns): calls to read one cell.
    const view = Object.getPrototypeOf(line) as { getCell: (...args: unknown[]) => unknown };
    const getCell = view.getCell;
    let cells = 0;
    view.getCell = function (this: unknown, ...args: unknown[]) {
      cells++;
      return getCell.apply(this, args);
    };
    try {
      const read = readLines(term, n, n.overflow, 90, false);
      expect(read.map((contents) => contents.text)).toContain('50 compiling module 50: ok');
      expect(cells).toBe(0);
    } finally {
      view.getCell = getCell;
    }
  });
});
