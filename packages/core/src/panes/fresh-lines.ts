import type { ScreenSnapshot } from '../ports/terminal-backend';

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
 * when it adds an occurrence.
 */
export function freshLines(previous: readonly string[], next: ScreenSnapshot): string[] {
  const seen = new Map<string, number>();
  for (const line of previous) seen.set(line, (seen.get(line) ?? 0) + 1);
  const fresh: string[] = [];
  next.lines.forEach((line, row) => {
    if (row === next.cursor.y || blank(line)) return;
    const count = seen.get(line) ?? 0;
    if (count > 0) seen.set(line, count - 1);
    else fresh.push(line);
  });
  return fresh;
}

/** Compiles a caller's pattern; the contract has already checked it compiles and is bounded. */
export function compileLinePattern(source: string): RegExp {
  return new RegExp(source);
}

/** Keeps lines matching `pattern` (or all) and then only the last `limit`. */
export function selectLines(lines: readonly string[], limit: number, pattern?: RegExp): string[] {
  const kept = pattern ? lines.filter((line) => pattern.test(line)) : [...lines];
  return kept.slice(Math.max(0, kept.length - limit));
}
