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

/** Some line of `lines` ends with `tail` and is longer (its head is what scrolled off). */
const tailOfOne = (lines: readonly string[], tail: string): boolean =>
  lines.some((line) => line.length > tail.length && line.endsWith(tail));

/** Keeps lines matching `pattern` (or all) and then only the last `limit`. */
export function selectLines(lines: readonly string[], limit: number, pattern?: LineMatcher): string[] {
  const kept = pattern ? lines.filter((line) => pattern.test(line)) : [...lines];
  return kept.slice(Math.max(0, kept.length - limit));
}
