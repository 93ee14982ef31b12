import stringWidth from 'string-width';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/**
 * The text of the cursor's line left of the cursor, as the program wrote it: a line the terminal
 * soft-wrapped at the pane's width (a `Continue? ` question in a 9-column pane leaves the cursor on the
 * next row) starts on the rows above. The terminal's own wrap marks decide when the backend reports
 * them; otherwise a row that fills the screen's width is taken as wrapped, unless the cursor's row
 * already starts a sentence.
 */
export function lineBeforeCursor(screen: ScreenSnapshot): string {
  const atCursor = (screen.lines[screen.cursor.y] ?? '').slice(0, screen.cursor.x);
  if (screen.wraps) return softWrappedStart(screen, screen.cursor.y) + atCursor;
  return /^\s*[A-Z]/.test(atCursor) ? atCursor : wrappedStart(screen.lines, screen.cursor.y) + atCursor;
}

/**
 * The rows a long line wrapped from, above row `y`, as the terminal says (each soft-wraps onto the next):
 * exact at any pane width. At most 16 rows up (a long question in a very narrow pane).
 */
function softWrappedStart(screen: ScreenSnapshot, y: number): string {
  let text = '';
  for (let row = y - 1; row >= Math.max(0, y - 16) && screen.wraps![row] === true; row--)
    text = (screen.lines[row] ?? '') + text;
  return text;
}

/**
 * Without the terminal's word (a backend that does not know): the rows a long line wrapped from, above
 * row `y`: a wrapped row fills the screen's width (the widest row in terminal cells, trailing blanks
 * aside; a wide CJK character or emoji takes two). At most three rows up, so an unrelated full row is
 * rarely taken.
 */
function wrappedStart(lines: readonly string[], y: number): string {
  const width = Math.max(0, ...lines.map((l) => stringWidth(l)));
  let text = '';
  for (let row = y - 1; row >= Math.max(0, y - 3); row--) {
    const above = lines[row] ?? '';
    if (width < 40 || stringWidth(above.trimEnd()) < width || /^[\s─━═-]*$/.test(above)) break;
    text = above + text;
  }
  return text;
}
