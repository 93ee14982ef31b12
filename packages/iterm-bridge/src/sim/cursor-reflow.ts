import type { Terminal } from '@xterm/headless';

/**
 * Where the cursor sits in its line as the program wrote it (across the rows the terminal wrapped it
 * onto): a character offset from the line's start. Undefined on the alternate screen, which does not reflow.
 */
export function cursorOffsetInLine(term: Terminal): number | undefined {
  const buffer = term.buffer.active;
  if (buffer.type !== 'normal') return undefined;
  const row = buffer.baseY + buffer.cursorY;
  const start = lineStart(term, row);
  return (row - start) * term.cols + buffer.cursorX;
}

/**
 * Puts the cursor back at `offset` in its line after a resize reflowed it. iTerm2 keeps the cursor after
 * the text it follows; xterm.js (6.0) reflows the cursor's row but leaves the column clamped to the new
 * width (a `[y/N] ` question cut to 19 columns left the cursor mid-word).
 */
export function restoreCursorOffset(term: Terminal, offset: number): void {
  const buffer = term.buffer.active;
  if (buffer.type !== 'normal') return;
  const start = lineStart(term, buffer.baseY + buffer.cursorY);
  // Text that ends exactly at a row's end leaves the cursor after it on that row, its wrap pending (the next
  // character starts the next row), as iTerm2 and xterm do when a line fills the width: not at the start
  // of the row below, where nothing was written (a question that filled a narrowed pane read as no question).
  const pending = offset > 0 && offset % term.cols === 0;
  const rowsDown = pending ? offset / term.cols - 1 : Math.floor(offset / term.cols);
  const row = Math.min(term.rows - 1, Math.max(0, start + rowsDown - buffer.baseY));
  const column = pending ? term.cols : offset % term.cols;
  if (row === buffer.cursorY && column === buffer.cursorX) return;
  // At once, not by writing a cursor move (parsed on xterm.js' next turn): a second resize before that turn
  // (three panes closed together) read the cursor where the reflow left it and put it there again (session 26:
  // a question of 31 characters at 80 columns left the cursor at 38).
  const cursor = internalCursor(term);
  if (cursor) {
    cursor.y = row;
    cursor.x = pending ? term.cols : column;
    return;
  }
  term.write(`\x1b[${row + 1};${Math.min(column, term.cols - 1) + 1}H`);
}

/**
 * The cursor in xterm.js' internal buffer (pinned @xterm/headless), where it can be put at once, also one past
 * the last column of its row: the "wrap pending" state, which no escape sequence sets (a cursor move stops at
 * the last column). Undefined if that ever changes shape: then a cursor move is written, the wrap not kept.
 */
function internalCursor(term: Terminal): { x: number; y: number } | undefined {
  const internal = term as unknown as { _core?: { _bufferService?: { buffer?: { x: number; y: number } } } };
  const buffer = internal._core?._bufferService?.buffer;
  return buffer && typeof buffer.x === 'number' && typeof buffer.y === 'number' ? buffer : undefined;
}

/** The first row of the (possibly wrapped) line that row `row` belongs to. */
function lineStart(term: Terminal, row: number): number {
  let start = row;
  while (start > 0 && term.buffer.active.getLine(start)?.isWrapped) start--;
  return start;
}
