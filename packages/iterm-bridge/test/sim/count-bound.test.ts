// SU, SD, IL, DL, CHT and CBT (`CSI Ps S|T|L|M|I|Z`) from a pane: clamped to the steps that can change anything,
// the screen as xterm.js would leave it (session 26: `CSI 65535 S`, 9 bytes, held the host's event loop 140 ms).
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { ParseQueue } from '../../src/sim/parse-queue';

const { Terminal } = xtermHeadless;
type Term = InstanceType<typeof Terminal>;

const make = () =>
  new Terminal({ cols: 20, rows: 10, scrollback: 100, allowProposedApi: true, reflowCursorLine: true });
const written = (write: (data: string, done: () => void) => void, data: string) =>
  new Promise<void>((resolve) => write(data, resolve));
const text = (term: Term) => {
  const buffer = term.buffer.active;
  const lines = Array.from({ length: buffer.length }, (_, y) => buffer.getLine(y)!.translateToString(true));
  return { lines, cursor: [buffer.cursorX, buffer.cursorY] };
};
type Counted = Record<string, (...args: unknown[]) => unknown>;
/** Calls of `method` of the buffer (or of its line list): one a step of xterm.js' own handlers. */
function countCalls(term: Term, method: string, ofLines = false): () => number {
  const buffer = (term as unknown as { _core: { _bufferService: { buffer: Counted & { lines: Counted } } } })
    ._core._bufferService.buffer;
  const target = ofLines ? buffer.lines : buffer;
  let count = 0;
  const original = target[method]!.bind(target);
  target[method] = (...args: unknown[]) => (count++, original(...args));
  return () => count;
}

const SCREEN = `${Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\r\n')}\x1b[3;8r\x1b[5;1H`;

describe('line moves from a pane', () => {
  for (const [name, sequence] of [
    ['SU', '\x1b[65535S'],
    ['SD', '\x1b[65535T'],
    ['IL', '\x1b[65535L'],
    ['DL', '\x1b[65535M'],
  ] as const)
    it(`${name} 65,535 leaves the screen as xterm.js does, in at most a line move a row`, async () => {
      const reference = make();
      await written((d, done) => reference.write(d, done), SCREEN + sequence + 'after');
      const term = make();
      const queue = new ParseQueue(term);
      await written((d, done) => queue.write(d, done), SCREEN);
      const moves = countCalls(term, 'splice', true);
      await written((d, done) => queue.write(d, done), sequence + 'after');
      expect(text(term)).toEqual(text(reference));
      // Before: 131,070 (two splices a line, 65,535 times).
      expect(moves()).toBeLessThanOrEqual(2 * term.rows);
    });

  for (const [name, sequence, step] of [
    ['CHT', '\x1b[65535I', 'nextStop'],
    ['CBT', '\x1b[65535Z', 'prevStop'],
  ] as const)
    it(`${name} 65,535 puts the cursor where xterm.js does, in at most a step a column`, async () => {
      const reference = make();
      await written((d, done) => reference.write(d, done), `${SCREEN}\x1b[5;9H${sequence}x`);
      const term = make();
      const queue = new ParseQueue(term);
      await written((d, done) => queue.write(d, done), `${SCREEN}\x1b[5;9H`);
      const steps = countCalls(term, step);
      await written((d, done) => queue.write(d, done), `${sequence}x`);
      expect(text(term)).toEqual(text(reference));
      // Before: 65,535 steps.
      expect(steps()).toBeLessThanOrEqual(term.cols);
    });
});
