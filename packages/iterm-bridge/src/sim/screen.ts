import { create } from '@bufbuild/protobuf';
import type { IBufferCell, IBufferLine, Terminal } from '@xterm/headless';
import {
  AlternateColor,
  CellStyleSchema,
  CodePointsPerCellSchema,
  LineContents_Continuation,
  LineContentsSchema,
  RGBColorSchema,
  type CellStyle,
  type CodePointsPerCell,
  type LineContents,
} from '../gen/api_pb';

/**
 * Absolute line numbering as iTerm2 does it: line 0 is the first line the session ever received,
 * including lines since dropped from scrollback ("overflow"), so numbers never shift.
 */
export interface LineNumbering {
  /** Lines dropped off the top of the scrollback. */
  overflow: number;
  /** Lines currently in scrollback above the screen. */
  history: number;
  rows: number;
}

export function numberingOf(term: Terminal, scrolledTotal: number): LineNumbering {
  const normal = term.buffer.normal;
  return { overflow: Math.max(0, scrolledTotal - normal.baseY), history: normal.baseY, rows: term.rows };
}

/** Line `absolute` of the session, or undefined when it is gone (overflow) or not yet written. */
function lineAt(term: Terminal, n: LineNumbering, absolute: number): IBufferLine | undefined {
  const buffer = term.buffer.active;
  const firstScreenLine = n.overflow + n.history;
  if (buffer.type === 'alternate') {
    // The alternate screen has no scrollback of its own: history comes from the normal buffer.
    if (absolute >= firstScreenLine) return buffer.getLine(absolute - firstScreenLine);
    return term.buffer.normal.getLine(absolute - n.overflow);
  }
  return buffer.getLine(absolute - n.overflow);
}

/** Reads lines [first, first+count) as `LineContents` (trailing empty cells omitted, run-length encodings). */
export function readLines(
  term: Terminal,
  n: LineNumbering,
  first: number,
  count: number,
  includeStyles: boolean,
  columns?: { from: number; to: number },
): LineContents[] {
  const out: LineContents[] = [];
  const cell = term.buffer.active.getNullCell();
  const plain = !includeStyles && !columns;
  let line = lineAt(term, n, first);
  for (let y = first; y < first + count; y++) {
    const contents = !line
      ? create(LineContentsSchema, { text: '', continuation: LineContents_Continuation.HARD_EOL })
      : (plain && asciiLine(line)) || readLine(line, cell, includeStyles, columns);
    // The continuation of a line is known from whether the *next* line is a wrapped continuation of it.
    line = lineAt(term, n, y + 1);
    contents.continuation = line?.isWrapped
      ? LineContents_Continuation.SOFT_EOL
      : LineContents_Continuation.HARD_EOL;
    out.push(contents);
  }
  return out;
}

/**
 * A line whose text is all ASCII, read without visiting its cells: every cell then holds one code point of width
 * one (a wide or combined character is not ASCII; a never-written cell before the last written one reads as a
 * space, as `readLine` gives it), so its text and its one run are those `readLine` makes — ~10× cheaper than
 * reading each cell (a printing pane's reads carry ~100 such lines with the lines above the screen). Undefined
 * for any other line.
 */
function asciiLine(line: IBufferLine): LineContents | undefined {
  // Trimmed after the last cell with content (a written space counts), as readLine's `last`.
  const text = line.translateToString(true);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return undefined;
  return create(LineContentsSchema, {
    text,
    codePointsPerCell: text
      ? [create(CodePointsPerCellSchema, { numCodePoints: 1, repeats: text.length })]
      : [],
    continuation: LineContents_Continuation.HARD_EOL,
    style: [],
  });
}

function readLine(
  line: IBufferLine,
  cell: IBufferCell,
  includeStyles: boolean,
  columns?: { from: number; to: number },
): LineContents {
  const from = columns?.from ?? 0;
  const to = Math.min(columns?.to ?? line.length, line.length);
  let last = from - 1;
  for (let x = to - 1; x >= from; x--) {
    line.getCell(x, cell);
    if (cell.getChars() !== '' || cell.getWidth() === 0) {
      last = x;
      break;
    }
  }
  let text = '';
  const perCell: CodePointsPerCell[] = [];
  const styles: CellStyle[] = [];
  for (let x = from; x <= last; x++) {
    line.getCell(x, cell);
    let chars = cell.getChars();
    let points: number;
    if (cell.getWidth() === 0)
      points = 0; // right half of a double-width character
    else if (chars === '') {
      chars = ' '; // never-written cell before the last written one reads as a space
      points = 1;
    } else points = [...chars].length;
    text += chars;
    pushRun(perCell, points);
    if (includeStyles) pushStyle(styles, styleOf(cell));
  }
  return create(LineContentsSchema, {
    text,
    codePointsPerCell: perCell,
    continuation: LineContents_Continuation.HARD_EOL,
    style: styles,
  });
}

function pushRun(runs: CodePointsPerCell[], points: number): void {
  const prev = runs[runs.length - 1];
  if (prev && prev.numCodePoints === points) prev.repeats += 1;
  else runs.push(create(CodePointsPerCellSchema, { numCodePoints: points, repeats: 1 }));
}

const rgb = (c: number) =>
  create(RGBColorSchema, { red: (c >> 16) & 255, green: (c >> 8) & 255, blue: c & 255 });

function styleOf(cell: IBufferCell): CellStyle {
  const style = create(CellStyleSchema, {});
  if (cell.isFgDefault()) style.fgColor = { case: 'fgAlternate', value: AlternateColor.DEFAULT };
  else if (cell.isFgRGB()) {
    const c = cell.getFgColor();
    style.fgColor = { case: 'fgRgb', value: rgb(c) };
  } else style.fgColor = { case: 'fgStandard', value: cell.getFgColor() };
  if (cell.isBgDefault()) style.bgColor = { case: 'bgAlternate', value: AlternateColor.DEFAULT };
  else if (cell.isBgRGB()) {
    const c = cell.getBgColor();
    style.bgColor = { case: 'bgRgb', value: rgb(c) };
  } else style.bgColor = { case: 'bgStandard', value: cell.getBgColor() };
  // Only attributes that are on are set, as the real server does for its has-bits.
  if (cell.isBold()) style.bold = true;
  if (cell.isDim()) style.faint = true;
  if (cell.isItalic()) style.italic = true;
  if (cell.isBlink()) style.blink = true;
  if (cell.isUnderline()) style.underline = true;
  if (cell.isStrikethrough()) style.strikethrough = true;
  if (cell.isInvisible()) style.invisible = true;
  if (cell.isInverse()) style.inverse = true;
  style.repeats = 1;
  return style;
}

const sameStyle = (a: CellStyle, b: CellStyle): boolean =>
  a.fgColor.case === b.fgColor.case &&
  JSON.stringify(a.fgColor.value) === JSON.stringify(b.fgColor.value) &&
  a.bgColor.case === b.bgColor.case &&
  JSON.stringify(a.bgColor.value) === JSON.stringify(b.bgColor.value) &&
  a.bold === b.bold &&
  a.faint === b.faint &&
  a.italic === b.italic &&
  a.blink === b.blink &&
  a.underline === b.underline &&
  a.strikethrough === b.strikethrough &&
  a.invisible === b.invisible &&
  a.inverse === b.inverse;

function pushStyle(runs: CellStyle[], style: CellStyle): void {
  const prev = runs[runs.length - 1];
  if (prev && sameStyle(prev, style)) prev.repeats += 1;
  else runs.push(style);
}
