import type { EventOf, ScreenStyleRun } from '@switchboard/protocol';
import { styledRow } from './style-sgr';

export type ScreenFrame = Pick<EventOf<'pane.screen'>, 'frame' | 'full' | 'rows' | 'changes' | 'cursor'> & { columns?: number | undefined };

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
export function applyFrame(screen: MirrorScreen, frame: ScreenFrame, options: WriterOptions = {}): MirrorStep {
  const minColumns = options.minColumns ?? 80;
  if (!frame.full) {
    if (screen.frame === 0) return { screen, resize: null, data: '', resync: false };
    if (frame.frame !== screen.frame + 1) return { screen, resize: null, data: '', resync: true };
  }
  const lines = frame.full ? Array.from({ length: frame.rows }, () => '') : [...screen.lines];
  const styles = frame.full ? Array.from({ length: frame.rows }, (): readonly ScreenStyleRun[] | undefined => undefined) : [...screen.styles];
  for (const { row, text, styles: runs } of frame.changes) {
    if (row >= frame.rows) continue;
    lines[row] = text;
    styles[row] = runs?.length ? runs : undefined;
  }
  const rows = Math.max(1, frame.rows);
  const columns = frame.columns ?? Math.max(minColumns, screen.columns, ...lines.map((line) => cellWidth(printable(line))));
  const resized = columns !== screen.columns || rows !== screen.rows;
  const next: MirrorScreen = { frame: frame.frame, lines, styles, columns, rows };
  const draw = (row: number) => styledRow(lines[row]!, styles[row], printable);
  // A new size (or a full frame) redraws every row; else only the rows that changed.
  const redraw = frame.full || resized;
  let data = redraw ? NO_AUTOWRAP + CLEAR : '';
  if (redraw) lines.forEach((text, row) => (data += text ? `${moveTo(row, 0)}${draw(row)}` : ''));
  else for (const { row } of frame.changes) if (row < frame.rows) data += `${moveTo(row, 0)}${ESC}[2K${draw(row)}`;
  data += frame.cursor ? `${moveTo(frame.cursor.y, frame.cursor.x)}${ESC}[?25h` : `${ESC}[?25l`;
  return { screen: next, resize: resized ? { columns, rows } : null, data, resync: false };
}

/** The text with C0/C1 control characters and DEL removed. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** East Asian wide and emoji ranges: two cells each. Counting too wide only widens the mirror; too narrow would cut rows. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** Terminal cells a row of text takes. */
export function cellWidth(text: string): number {
  let cells = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    cells += WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
  }
  return cells;
}

function moveTo(row: number, column: number): string {
  return `${ESC}[${Math.max(0, row) + 1};${Math.max(0, column) + 1}H`;
}
