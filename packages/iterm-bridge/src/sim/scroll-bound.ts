import type { Terminal } from '@xterm/headless';

/** The CSI finals whose count is a number of lines to move, and xterm.js' handler of each. */
const LINE_MOVES = { S: 'scrollUp', T: 'scrollDown', L: 'insertLines', M: 'deleteLines' } as const;
type LineMove = (typeof LINE_MOVES)[keyof typeof LINE_MOVES];
type InputHandler = Partial<Record<LineMove, (params: { params: Int32Array; length: number }) => boolean>>;

/**
 * Bounds SU, SD, IL and DL (`CSI Ps S|T|L|M`, Ps up to 65,535) to the terminal's rows: moving the lines of a scroll
 * region by more than the rows it has leaves it as moving them by that many does (every line blank), so the
 * count is clamped and xterm.js' own handler does the rest. xterm.js moves one line at a time, each a splice of the
 * whole buffer (scrollback included): `CSI 65535 S`, 9 bytes, held the event loop 140 ms, and one 64 KB read of
 * them from a pane would have held it ~17 minutes (session 26). If xterm.js' internals change shape, such a
 * sequence is dropped instead.
 */
export function boundScrolls(term: Terminal): void {
  const handler = (term as unknown as { _core?: { _inputHandler?: InputHandler } })._core?._inputHandler;
  for (const [final, move] of Object.entries(LINE_MOVES))
    term.parser.registerCsiHandler({ final }, (params) => {
      const count = Number(params[0]) || 1;
      if (params.length > 1 || count <= term.rows) return false;
      handler?.[move]?.call(handler, { params: Int32Array.of(term.rows), length: 1 });
      return true;
    });
}
