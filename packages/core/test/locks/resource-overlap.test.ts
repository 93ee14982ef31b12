import { describe, expect, it } from 'vitest';
import { fileGlobsOverlap, resourcesOverlap } from '../../src/locks/resource-overlap';

describe('lease overlap', () => {
  it.each([
    ['src/a.ts', 'src/a.ts', true],
    ['./src/a.ts', 'src/a.ts', true],
    ['src/a.ts', 'src/b.ts', false],
    ['src', 'src/a.ts', true],
    ['src/**', 'src/api/x.ts', true],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/api/a.ts', false],
    ['src/api/**', 'src/web/**', false],
    ['src/**', 'src/api/**', true],
    ['**/*.md', 'docs/x.md', true],
    ['docs/**', 'src/**', false],
    ['src', 'src/**/*.ts', true],
    ['src/{a,b}.ts', 'src/a.ts', true],
    ['src/{a,b}.ts', 'src/c.ts', false],
    // More than 256 brace alternatives is not expanded (minimatch went to 100,000: ~0.8 s and ~300 MB a check):
    // taken to overlap, as two globs are, rather than missed.
    ['{x,y}'.repeat(40), 'src/a.ts', true],
    [`src/${'{x,y}'.repeat(9)}.ts`, 'src/c.ts', true],
    [`src/${'{x,y}'.repeat(8)}.ts`, 'src/c.ts', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(fileGlobsOverlap(a, b)).toBe(expected);
    expect(fileGlobsOverlap(b, a)).toBe(expected);
  });

  it('panes and branches compare by exact name, and kinds never conflict', () => {
    expect(resourcesOverlap({ kind: 'branch', name: 'main' }, { kind: 'branch', name: 'main' })).toBe(true);
    expect(resourcesOverlap({ kind: 'branch', name: 'main' }, { kind: 'branch', name: 'main-2' })).toBe(
      false,
    );
    expect(resourcesOverlap({ kind: 'pane', name: 'p1' }, { kind: 'branch', name: 'p1' })).toBe(false);
  });
});
