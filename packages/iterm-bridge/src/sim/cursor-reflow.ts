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
  const row = Math.min(term.rows - 1, Math.max(0, start + Math.floor(offset / term.cols) - buffer.baseY));
  const column = offset % term.cols;
  if (row === buffer.cursorY && column === buffer.cursorX) return;
  term.write(`\x1b[${row + 1};${column + 1}H`);
}

/** The first row of the (possibly wrapped) line that row `row` belongs to. */
function lineStart(term: Terminal, row: number): number {
  let start = row;
  while (start > 0 && term.buffer.active.getLine(start)?.isWrapped) start--;
  return start;
}
