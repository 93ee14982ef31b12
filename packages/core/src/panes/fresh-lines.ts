import type { ScreenSnapshot } from '../ports/terminal-backend';
import type { LineMatcher } from './line-pattern';

/**
 * Whether `line` is blank (`line.trim() === ''`) without making the trimmed copy for the lines that cannot be: those
 * that start with a printable ASCII character (a printed line, almost always; `trim` copied every line with a space
 * at either end).
 */
const blank = (line: string): boolean => {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  return (first <= 0x20 || first >= 0x7f) && line.trim() === '';
};

/**
 * The lines of `next` that were not on `previous`: a line counts once it is complete (the cursor has
 * left it), and lines that merely scrolled are not new. Screens are compared as multisets of lines,
 * so scrolling by any amount is handled; a new line identical to one still on screen counts only
 * when it adds an occurrence. Where lines are logical (soft-wrapped rows joined), the screen's first line
 * may be the tail of a line whose first rows scrolled off: it is not new when a line of `wrappedFrom`
 * (default `previous`) ends with it — without this, the tail of every long line was recorded, searched and
 * exported a second time as a line of its own, at the moment its head scrolled off.
 */
export function freshLines(
  previous: readonly string[],
  next: ScreenSnapshot,
  wrappedFrom: readonly string[] = previous,
): string[] {
  const seen = new Map<string, number>();
  for (const line of previous) seen.set(line, (seen.get(line) ?? 0) + 1);
  const fresh: string[] = [];
  next.lines.forEach((line, row) => {
    if (row === next.cursor.y || blank(line)) return;
    const count = seen.get(line) ?? 0;
    if (count > 0) seen.set(line, count - 1);
    else if (row !== 0 || !tailOfOne(wrappedFrom, line)) fresh.push(line);
  });
  return fresh;
}

/**
 * `freshLines(previous, next)` for a screen that scrolled: `next`'s row `r` showing `previous`'s line `r + shift` is
 * a line that moved up (any `shift` gives the same result; the right one makes it cheap). When none of the other
 * lines (neither the cursor row nor blank) equals any line of `previous`, every moved line takes away its own
 * occurrence and the others are all new: the multiset rule gives those others, in row order, with no map of the
 * lines. Otherwise (a line repeated, the top row new: its tail rule) it is `freshLines`. A printing pane's frame
 * built and probed a map of every line on both screens (a hash of each new string) only to find its new lines
 * new; here each line is told from the previous ones by its length and a few of its characters, and compared
 * whole only where those agree (docs/performance.md, session 23).
 */
export function freshLinesAfterScroll(
  previous: readonly string[],
  next: ScreenSnapshot,
  shift: number,
): string[] {
  const { lines, cursor } = next;
  const fresh: string[] = [];
  let prints: number[] | undefined;
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row]!;
    if (row === cursor.y || blank(line) || previous[row + shift] === line) continue;
    if (row === 0) return freshLines(previous, next);
    prints ??= fingerprints(previous);
    const print = fingerprint(line);
    if (PRINTS_SEEN[print & 7]! & (1 << (print >>> 3)))
      for (let i = 0; i < previous.length; i++)
        if (prints[i] === print && previous[i] === line) return freshLines(previous, next);
    fresh.push(line);
  }
  return fresh;
}

/**
 * A line's length and eight of its characters spread over it (the first and the last among them), as one number:
 * lines that differ mostly differ there. Comparing two strings of the same length whole is a call into V8's runtime
 * when either is a slice of a longer string (the in-memory terminal's lines: its split of the printed text): with
 * the length alone a frame of 20 new sliced lines took 16.5 µs against the map's 7.5 (flat strings: 2.9).
 */
function fingerprint(line: string): number {
  const last = line.length - 1;
  let print = line.length;
  for (let i = 0; i < 8; i++) print = (Math.imul(print, 31) + line.charCodeAt((i * last) >> 3)) | 0;
  // Within V8's small integers: the array of them stays one kind (a kind change drops the caller's optimized code).
  return print & 0x3fffffff;
}

/** The fingerprints `fingerprints` saw last, as 256 bits (a bit per fingerprint's low 8 bits): most lines miss. */
const PRINTS_SEEN = new Uint32Array(8);

/**
 * Each line's `fingerprint` (in a loop: the array a `map` makes is holey once its caller is optimized), marked in
 * `PRINTS_SEEN`, so a new line is looked for among them only when its bit is set (~1 in 10 with 24 lines), not
 * compared with each.
 */
function fingerprints(lines: readonly string[]): number[] {
  PRINTS_SEEN.fill(0);
  const prints: number[] = [];
  for (const line of lines) {
    const print = fingerprint(line);
    PRINTS_SEEN[print & 7]! |= 1 << (print >>> 3);
    prints.push(print);
  }
  return prints;
}

/** Some line of `lines` ends with `tail` and is longer (its head is what scrolled off). */
const tailOfOne = (lines: readonly string[], tail: string): boolean =>
  lines.some((line) => line.length > tail.length && line.endsWith(tail));

/** Keeps lines matching `pattern` (or all) and then only the last `limit`. */
export function selectLines(lines: readonly string[], limit: number, pattern?: LineMatcher): string[] {
  const kept = pattern ? lines.filter((line) => pattern.test(line)) : [...lines];
  return kept.slice(Math.max(0, kept.length - limit));
}
