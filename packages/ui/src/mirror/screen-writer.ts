import { printable, styledRow, type EventOf, type ScreenStyleRun } from '@switchboard/protocol';
import stringWidth from 'string-width';

export type ScreenFrame = Pick<EventOf<'pane.screen'>, 'frame' | 'full' | 'rows' | 'changes' | 'cursor'> & {
  columns?: number | undefined;
};

/** What the mirror shows: the rows as last drawn, and the terminal size they were drawn at. */
export interface MirrorScreen {
  /** Number of the last frame applied; 0 before the first full frame. */
  frame: number;
  lines: readonly string[];
  /** Per row, its style runs (undefined: the default look). */
  styles: readonly (readonly ScreenStyleRun[] | undefined)[];
  columns: number;
  rows: number;
}

export const blankMirror: MirrorScreen = { frame: 0, lines: [], styles: [], columns: 0, rows: 0 };

/** How to bring an xterm.js terminal from one MirrorScreen to the next. */
export interface MirrorStep {
  screen: MirrorScreen;
  /** Resize the terminal to this first (null: keep its size). */
  resize: { columns: number; rows: number } | null;
  /** Bytes for `terminal.write` (empty: nothing to draw). */
  data: string;
  /** A frame was missed: ask for a full one (pane.mirror again). */
  resync: boolean;
}

export interface WriterOptions {
  /** The narrowest the mirror gets when the frame does not say the pane's width (else it is exactly that wide). */
  minColumns?: number;
}

const ESC = '\x1b';
/** Autowrap off: a row longer than the terminal is cut, never spilled onto the next row. */
const NO_AUTOWRAP = `${ESC}[?7l`;
const CLEAR = `${ESC}[H${ESC}[2J`;

/**
 * The pure half of the live mirror: turns a `pane.screen` frame into what to write into xterm.js.
 * A full frame redraws everything; a diff frame rewrites only its rows and must follow the last frame
 * applied (else `resync`). Diffs before the first full frame are dropped (the full one is on its way).
 * Text is printed as text: control characters are removed, so a screen can never inject sequences;
 * colours and attributes are drawn from the rows' style runs (numbers the contract checked), as SGR.
 */
export function applyFrame(
  screen: MirrorScreen,
  frame: ScreenFrame,
  options: WriterOptions = {},
): MirrorStep {
  const minColumns = options.minColumns ?? 80;
  if (!frame.full) {
    if (screen.frame === 0) return { screen, resize: null, data: '', resync: false };
    if (frame.frame !== screen.frame + 1) return { screen, resize: null, data: '', resync: true };
  }
  const lines = frame.full ? Array.from({ length: frame.rows }, () => '') : [...screen.lines];
  const styles = frame.full
    ? Array.from({ length: frame.rows }, (): readonly ScreenStyleRun[] | undefined => undefined)
    : [...screen.styles];
  for (const { row, text, styles: runs } of frame.changes) {
    if (row >= frame.rows) continue;
    lines[row] = text;
    styles[row] = runs?.length ? runs : undefined;
  }
  const rows = Math.max(1, frame.rows);
  // The pane's own width when the frame says it, else the widest row in terminal cells (wide CJK and
  // emoji two, combining marks none: string-width's count).
  const columns =
    frame.columns ??
    Math.max(minColumns, screen.columns, ...lines.map((line) => stringWidth(printable(line))));
  const resized = columns !== screen.columns || rows !== screen.rows;
  const next: MirrorScreen = { frame: frame.frame, lines, styles, columns, rows };
  const draw = (row: number) => styledRow(lines[row]!, styles[row], printable);
  // A new size (or a full frame) redraws every row; else only the rows that changed.
  const redraw = frame.full || resized;
  let data = redraw ? NO_AUTOWRAP + CLEAR : '';
  if (redraw) lines.forEach((text, row) => (data += text ? `${moveTo(row, 0)}${draw(row)}` : ''));
  else
    for (const { row } of frame.changes)
      if (row < frame.rows) data += `${moveTo(row, 0)}${ESC}[2K${draw(row)}`;
  data += frame.cursor ? `${moveTo(frame.cursor.y, frame.cursor.x)}${ESC}[?25h` : `${ESC}[?25l`;
  return { screen: next, resize: resized ? { columns, rows } : null, data, resync: false };
}

function moveTo(row: number, column: number): string {
  return `${ESC}[${Math.max(0, row) + 1};${Math.max(0, column) + 1}H`;
}
