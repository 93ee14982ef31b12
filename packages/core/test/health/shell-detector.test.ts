import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsAsQuestion, shellDetector } from '../../src/health/detectors/shell';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';

const screen = (lines: string[], cursor: { x: number; y: number }, wraps?: boolean[]): ScreenSnapshot => ({
  lines,
  cursor,
  ...(wraps ? { wraps } : {}),
});

// Seen under load with 12 custom agents in one team: `read -p "Continue? "` in a 9-column pane wraps the
// trailing blank onto the next row, so the cursor's own row held " " and the agent never left `starting`.
describe('shell detector: the line at the cursor as the program wrote it', () => {
  it('a question the terminal soft-wrapped onto the cursor row is still a question', () => {
    expect(
      shellDetector.detect(screen(['Continue?', ' ', '', ''], { x: 1, y: 1 }, [true, false, false, false])),
    ).toEqual({ state: 'waiting_for_input', detail: 'question at the cursor' });
    const narrow = ['Apply migration 1 to', ' production? [y/N] ', ''];
    expect(shellDetector.detect(screen(narrow, { x: 19, y: 1 }, [true, false, false]))).toEqual({
      state: 'waiting_for_input',
      detail: 'confirmation at the cursor',
    });
  });

  it('a row above that ended with a line break is not part of the cursor line', () => {
    expect(shellDetector.detect(screen(['Continue?', '$ '], { x: 2, y: 1 }, [false, false]))).toEqual({
      state: 'idle',
      detail: 'shell prompt at the cursor',
    });
    expect(shellDetector.detect(screen(['Continue?', ' '], { x: 1, y: 1 }, [false, false]))).toBeUndefined();
  });

  it('without wrap marks from the backend, a full-width row above counts as wrapped', () => {
    const full = 'May the staging database be dropped now, with all its tables?';
    expect(shellDetector.detect(screen([full, ' '], { x: 1, y: 1 }))).toEqual({
      state: 'waiting_for_input',
      detail: 'question at the cursor',
    });
    expect(shellDetector.detect(screen([full.slice(0, -3), ' '], { x: 1, y: 1 }))).toBeUndefined();
  });
});

describe('a question at the cursor', () => {
  it('is what /\\S.*[?:]\\s*$/ matches, for any text', () => {
    const char = fc.constantFrom(
      'a',
      ' ',
      '\t',
      '?',
      ':',
      '\n',
      '\r',
      '\u2028',
      '\u00a0',
      'é',
      '\uFEFF',
      'x',
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const text = chars.join('');
        expect(endsAsQuestion(text)).toBe(/\S.*[?:]\s*$/.test(text));
      }),
      { numRuns: 3000 },
    );
    expect(endsAsQuestion('Continue? ')).toBe(true);
    expect(endsAsQuestion('12 compiling module 4 of the build: ok (3 ms)')).toBe(false);
    expect(endsAsQuestion(' :')).toBe(false);
  });
});
