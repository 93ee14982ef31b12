import type { Terminal } from '@xterm/headless';

type Params = { params: Int32Array; length: number };
type Move =
  'scrollUp' | 'scrollDown' | 'insertLines' | 'deleteLines' | 'cursorForwardTab' | 'cursorBackwardTab';

/**
 * The CSI finals whose count xterm.js carries out one step at a time, its handler of each, and the most steps
 * that can change anything: SU, SD, IL, DL move a region's lines (more than its rows leave every line blank, as
 * that many do); CHT, CBT move to a tab stop (more than the columns stop at the last one, as that many do).
 */
const COUNTED: Record<string, [Move, (term: Terminal) => number]> = {
  S: ['scrollUp', (term) => term.rows],
  T: ['scrollDown', (term) => term.rows],
  L: ['insertLines', (term) => term.rows],
  M: ['deleteLines', (term) => term.rows],
  I: ['cursorForwardTab', (term) => term.cols],
  Z: ['cursorBackwardTab', (term) => term.cols],
};

/**
 * Clamps those counts (Ps up to 65,535) to the steps that can change anything, and hands the sequence to
 * xterm.js' own handler (through its internals, as cursor-reflow does; if they change shape, such a sequence is
 * dropped instead). Each line step is a splice of the whole line list, scrollback included: `CSI 65535 S`, 9
 * bytes, held the event loop 140 ms, a 64 KB read of them would have held it ~17 minutes; `CSI 65535 Z` 2.7 ms
 * (session 26).
 */
export function boundCounts(term: Terminal): void {
  const handler = (
    term as unknown as { _core?: { _inputHandler?: Partial<Record<Move, (p: Params) => boolean>> } }
  )._core?._inputHandler;
  for (const [final, [move, most]] of Object.entries(COUNTED))
    term.parser.registerCsiHandler({ final }, (params) => {
      const count = Number(params[0]) || 1;
      const limit = most(term);
      if (params.length > 1 || count <= limit) return false;
      handler?.[move]?.call(handler, { params: Int32Array.of(limit), length: 1 });
      return true;
    });
}
