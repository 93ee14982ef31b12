import { describe, expect, it } from 'vitest';
import { findMatches, MAX_MATCHES, segmentsOf, stepMatch } from '../../src/mirror/scrollback-search';

describe('scrollback search', () => {
  const lines = ['make build', 'ERROR: disk full', 'retrying', 'error again, Error three'];

  it('finds every occurrence, case-insensitive, in reading order, the typed text taken literally', () => {
    expect(findMatches(lines, 'error')).toEqual([
      { line: 1, start: 0, end: 5 },
      { line: 3, start: 0, end: 5 },
      { line: 3, start: 13, end: 18 },
    ]);
    expect(findMatches(lines, '')).toEqual([]);
    expect(findMatches(['a.c', 'abc'], '.')).toEqual([{ line: 0, start: 1, end: 2 }]);
    expect(findMatches(['x'.repeat(MAX_MATCHES + 10)], 'x')).toHaveLength(MAX_MATCHES);
  });

  it('steps forward and back with wrap-around, from nowhere to the first or last', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });

  it('cuts a line into plain and matched stretches, marking the active one', () => {
    const matches = findMatches(['error again, Error three'], 'error');
    expect(segmentsOf('error again, Error three', matches, matches[1])).toEqual([
      { text: 'error', match: true, active: false },
      { text: ' again, ', match: false, active: false },
      { text: 'Error', match: true, active: true },
      { text: ' three', match: false, active: false },
    ]);
  });
});
