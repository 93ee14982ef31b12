import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshLines } from '../../src/panes/fresh-lines';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';

/** The rule as written before session 19 (a line is blank when `trim()` leaves nothing): the reference. */
function freshByTrim(previous: readonly string[], next: ScreenSnapshot): string[] {
  const seen = new Map<string, number>();
  for (const line of previous) seen.set(line, (seen.get(line) ?? 0) + 1);
  return next.lines.filter((line, row) => {
    if (row === next.cursor.y || line.trim() === '') return false;
    const count = seen.get(line) ?? 0;
    if (count > 0) seen.set(line, count - 1);
    return count === 0;
  });
}

/** Lines as panes show them, blank ones of every kind of white space, and a few that repeat. */
const line = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\u00a0',
    '\u1680',
    '\u2003',
    '\u2028',
    '\u3000',
    '\ufeff',
    ' \u00a0 ',
    'ok',
  ),
  fc.constantFrom('ok ', ' ok', '\u00a0x', '\ufeffx', '\u0085', '\u200b', '\u180e', '~', '\u007f'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

describe('the lines that appeared on a screen', () => {
  it('leave out the cursor row and blank lines (any white space), and lines that were there', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 8 }),
        fc.array(line, { maxLength: 8 }),
        fc.nat(8),
        (before, lines, y) => {
          const next: ScreenSnapshot = { lines, cursor: { x: 0, y } };
          expect(freshLines(before, next)).toEqual(freshByTrim(before, next));
        },
      ),
      { numRuns: 2_000 },
    );
    const screen: ScreenSnapshot = { lines: ['a', ' ', '\u00a0', 'b ', 'a', '$ '], cursor: { x: 2, y: 5 } };
    expect(freshLines(['a'], screen)).toEqual(['b ', 'a']);
  });
});
