// REP (`CSI Ps b`) from a pane: bounded to a screenful of codepoints (session 26).
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { MAX_JOINED_CODEPOINTS } from '../../src/sim/combining-bound';
import { ParseQueue } from '../../src/sim/parse-queue';
import { heapAfterGc as heap, MB } from './pane-output';

const { Terminal } = xtermHeadless;

/** A terminal as the sim's sessions have it, written through the sim's queue. */
function session() {
  const term = new Terminal({
    cols: 80,
    rows: 25,
    scrollback: 1000,
    allowProposedApi: true,
    reflowCursorLine: true,
  });
  const queue = new ParseQueue(term);
  const write = (data: string) => new Promise<void>((resolve) => queue.write(data, resolve));
  const row = (y: number) =>
    term.buffer.active.getLine(term.buffer.active.baseY + y)!.translateToString(true);
  return { term, write, row };
}

describe('REP from a pane', () => {
  it('repeats a character within a screenful as before', async () => {
    const { write, row } = session();
    await write('-\x1b[79b\r\n=\x1b[b\r\n');
    expect(row(0)).toBe('-'.repeat(80));
    expect(row(1)).toBe('==');
  });

  it('drops a REP past a screenful: a combined character repeated 65,535 times holds nothing', async () => {
    const { write, row, term } = session();
    const before = heap();
    const combined = `A${'\u0301'.repeat(MAX_JOINED_CODEPOINTS)}`; // as many accents as a cell joins
    await write(`${combined}\x1b[65535b|\r\n`);
    // Before: printed 65,535 times (~0.4 s of parsing for 20 bytes; with 1,000 accents a cell, before cells were
    // bounded, 52 s and 3.6 GB, and with 5,000 the host ran out of heap).
    expect(heap() - before).toBeLessThan(16 * MB);
    expect(row(0)).toBe(`${combined}|`);
    expect(term.buffer.active.cursorY).toBe(1);
    // A plain character repeated 65,535 times is past a screenful too (80 × 25 cells).
    await write('B\x1b[65535b|');
    expect(row(1)).toBe('B|');
  });
});
