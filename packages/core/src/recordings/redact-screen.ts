import { redactSecrets } from '../secrets/redact';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/** The screen as read and as recorded (redacted): what `redactScreen` redacts the next screen against. */
export interface RedactedScreen {
  raw: ScreenSnapshot;
  redacted: ScreenSnapshot;
}

/** A screen's rows joined into the lines a program printed, the cursor on the line that holds it. */
export interface LogicalLines {
  lines: string[];
  cursor: { x: number; y: number };
}

/** Whether row `row` soft-wraps onto the next (the last row ends its line whatever the backend says). */
const continues = (screen: ScreenSnapshot, row: number): boolean =>
  screen.wraps?.[row] === true && row < screen.lines.length - 1;

/**
 * The shift (rows moved up) that puts the most of `previous`'s rows where `next` has the same text: 0, or a
 * row of `previous` that holds `next`'s top row (output that scrolled). Where the screens are numbered (iTerm2, the
 * embedded server, the in-memory terminal), the shift the numbers tell, if that row holds `next`'s top row, without
 * trying every row: comparing two strings of the same length is a call into V8's runtime, and those calls were two
 * thirds of this function's time on a printing pane. Any shift gives the same redaction (it only says which lines'
 * redactions to reuse).
 */
function shiftOf(previous: ScreenSnapshot, next: ScreenSnapshot): number {
  const told =
    previous.firstLine !== undefined && next.firstLine !== undefined
      ? next.firstLine - previous.firstLine
      : -1;
  if (told >= 0 && told < next.lines.length && previous.lines[told] === next.lines[0]) return told;
  return shiftByText(previous.lines, next.lines);
}

/** `shiftOf` by the rows' text alone: every row of `previous` that holds `next`'s top row tried. */
function shiftByText(previous: readonly string[], next: readonly string[]): number {
  let best = 0;
  let bestSame = -1;
  for (let shift = 0; shift < next.length; shift++) {
    if (shift > 0 && previous[shift] !== next[0]) continue;
    let same = 0;
    for (let row = 0; row + shift < next.length; row++) if (previous[row + shift] === next[row]) same++;
    if (same > bestSame) [best, bestSame] = [shift, same];
  }
  return best;
}

/**
 * Whether the line of `next`'s rows `start`..`end` is the same line, rows and wrapping, as `previous` had
 * `shift` rows lower: its redaction then is the previous one. A row that changed makes its whole line new,
 * so a secret split between an unchanged row and a changed one is redacted as one line.
 */
function sameLine(previous: ScreenSnapshot, next: ScreenSnapshot, start: number, end: number, shift: number) {
  const first = start + shift;
  if (end + shift >= previous.lines.length || (first > 0 && continues(previous, first - 1))) return false;
  for (let row = start; row <= end; row++)
    if (
      previous.lines[row + shift] !== next.lines[row] ||
      continues(previous, row + shift) !== continues(next, row)
    )
      return false;
  return true;
}

/** A screen being redacted: its rows and styles, copied once the first line needs rewriting. */
interface Rewritten {
  screen: ScreenSnapshot;
  lines: string[] | undefined;
  styles: ScreenSnapshot['styles'];
}

/**
 * Lays a redacted line back over the rows `start`..`end` of the screen: `redacted` the line's text, spread over
 * the rows as they were (the last takes the rest), or the rows' previous redaction; the rows lose their styles.
 */
function layOver(out: Rewritten, start: number, end: number, redacted: string | readonly string[]): void {
  const lines = (out.lines ??= [...out.screen.lines]);
  if (out.styles && out.styles === out.screen.styles) out.styles = [...out.styles];
  let offset = 0;
  for (let row = start; row <= end; row++) {
    const length = out.screen.lines[row]!.length;
    lines[row] =
      typeof redacted !== 'string'
        ? redacted[row - start]!
        : row === end
          ? redacted.slice(offset)
          : redacted.slice(offset, offset + length);
    offset += length;
    if (out.styles) out.styles[row] = [];
  }
}

/**
 * The screen with every secret redacted, as recordings keep it. A line the terminal soft-wrapped over
 * several rows (`wraps`, where the backend reports it) is redacted as one, so a token broken at the
 * pane's edge is still found; the redacted text is laid back over the same rows (the last takes the
 * rest), and a row whose text changed loses its styles (their lengths no longer fit).
 * With `previous` (the last screen as read and as redacted, same row count), a line whose rows did not
 * change (in place, or moved up by the scroll) keeps its previous redaction and is not redacted again: a
 * printing pane's frame redacts its new lines only. The result is the same as without `previous`.
 */
export function redactScreen(
  screen: ScreenSnapshot,
  redact: (text: string) => string = redactSecrets,
  previous?: RedactedScreen,
): ScreenSnapshot {
  const before = previous && previous.raw.lines.length === screen.lines.length ? previous : undefined;
  const shift = before ? shiftOf(before.raw, screen) : 0;
  const out: Rewritten = { screen, lines: undefined, styles: screen.styles };
  let start = 0;
  for (let row = 0; row < screen.lines.length; row++) {
    if (continues(screen, row)) continue;
    if (before && sameLine(before.raw, screen, start, row, shift)) {
      for (let r = start; r <= row; r++)
        if (before.redacted.lines[r + shift] !== before.raw.lines[r + shift]) {
          layOver(out, start, row, before.redacted.lines.slice(start + shift, row + shift + 1));
          break;
        }
    } else {
      const joined = start === row ? screen.lines[row]! : screen.lines.slice(start, row + 1).join('');
      const redacted = redact(joined);
      if (redacted !== joined) layOver(out, start, row, redacted);
    }
    start = row + 1;
  }
  const { lines, styles } = out;
  if (!lines) return screen;
  // Built field by field, as `takenScreen`: a spread copy with new lines written into it would share the read's
  // hidden class and make its fields mutable, dropping the optimized code of what reads screens (derived-screen.ts).
  return {
    lines,
    cursor: screen.cursor,
    wraps: screen.wraps,
    styles,
    columns: screen.columns,
    rows: screen.rows,
    firstLine: screen.firstLine,
  };
}

/**
 * The screen as the recorder takes it (styles only when recorded): always these keys, in this order, so the frame's
 * code meets one shape. The backends' reads, the observer's screen parts and the splits of reads with lines above
 * are objects of several shapes; the first of a new shape (a pane's first read with lines above, seconds into
 * printing) dropped redaction's, the plan's and the writer's optimized code (`--trace-deopt`, the bench's legs). The
 * recorder's `record`, which makes this copy, still meets each shape once.
 */
export function takenScreen(screen: ScreenSnapshot, styles: boolean): ScreenSnapshot {
  return {
    lines: screen.lines,
    cursor: screen.cursor,
    wraps: screen.wraps,
    styles: styles ? screen.styles : undefined,
    columns: screen.columns,
    rows: screen.rows,
    firstLine: screen.firstLine,
  };
}

/** An empty list of lines, always the same array. */
const NO_LINES: readonly string[] = Object.freeze([]);

/**
 * Each line redacted, as a new list (none: always the same empty one). Built by a loop, not `map`: an array `map`
 * makes has another shape once its caller is optimized (holey), and the frame writer's code, specialised for the
 * arrays seen before, was dropped with the recorder's at the first frame after: every printing host ran the
 * recorder unoptimized for ~15 s more (re-optimized later, `--trace-deopt`).
 */
export function redactLines(lines: readonly string[]): readonly string[] {
  if (lines.length === 0) return NO_LINES;
  const redacted: string[] = [];
  for (const line of lines) redacted.push(redactSecrets(line));
  return redacted;
}

/**
 * The screen with soft-wrapped rows joined into the lines a program printed (where the backend reports
 * wrapping), the cursor on the line that holds it: what the search index keeps, so a word broken at the
 * pane's edge is still one word.
 */
export function logicalLines(screen: ScreenSnapshot): LogicalLines {
  if (!screen.wraps?.some(Boolean)) return { lines: screen.lines, cursor: screen.cursor };
  const lines: string[] = [];
  let cursorY = 0;
  let current = '';
  screen.lines.forEach((text, row) => {
    current += text;
    if (row === screen.cursor.y) cursorY = lines.length;
    if (!screen.wraps?.[row] || row === screen.lines.length - 1) {
      lines.push(current);
      current = '';
    }
  });
  return { lines, cursor: { x: screen.cursor.x, y: cursorY } };
}
