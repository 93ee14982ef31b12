/** Where a search term occurs: line index, and the match's start and end (UTF-16 offsets) in that line. */
export interface LineMatch {
  line: number;
  start: number;
  end: number;
}

/** More matches than this are not counted one by one (a one-letter search in 10,000 lines). */
export const MAX_MATCHES = 5_000;

/**
 * Every occurrence of `query` in the lines, in reading order, case-insensitive (plain text, not a
 * pattern: whatever was typed is looked for literally). An empty query matches nothing.
 */
export function findMatches(lines: readonly string[], query: string): LineMatch[] {
  const needle = query.toLowerCase();
  if (!needle) return [];
  const matches: LineMatch[] = [];
  lines.forEach((text, line) => {
    const haystack = text.toLowerCase();
    for (
      let at = haystack.indexOf(needle);
      at >= 0 && matches.length < MAX_MATCHES;
      at = haystack.indexOf(needle, at + needle.length)
    ) {
      matches.push({ line, start: at, end: at + needle.length });
    }
  });
  return matches;
}

/** The next (or previous) match from `current`, wrapping around; -1 when there are none. */
export function stepMatch(current: number, count: number, direction: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/** A line cut into plain and matched stretches, for highlighting (`active`: the current match). */
export function segmentsOf(
  text: string,
  matches: readonly LineMatch[],
  activeMatch: LineMatch | undefined,
): { text: string; match: boolean; active: boolean }[] {
  const segments: { text: string; match: boolean; active: boolean }[] = [];
  let at = 0;
  for (const match of matches) {
    if (match.start > at) segments.push({ text: text.slice(at, match.start), match: false, active: false });
    segments.push({ text: text.slice(match.start, match.end), match: true, active: match === activeMatch });
    at = match.end;
  }
  if (at < text.length || segments.length === 0)
    segments.push({ text: text.slice(at), match: false, active: false });
  return segments;
}
