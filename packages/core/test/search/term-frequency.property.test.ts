import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryQueryOf } from '../../src/memory/fts-query';
import { tokensOf } from '../../src/search/output-query';
import { addTermFrequencies } from '../../src/search/term-frequency';

/** Pieces of text: words that share prefixes, in any case, digits, and what splits tokens (mostly ASCII). */
const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('cache', 'Cache', 'CACHED', 'ca', 'cac', 'deploy', 'deploy42', '42', 'x'),
  },
  { weight: 4, arbitrary: fc.constantFrom(' ', '  ', '-', '_', '.', '\n', '/', '"', "'", '*') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'Déploiement', 'ß', '日本') },
);
const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const query = fc
  .tuple(
    fc.array(fc.constantFrom('cache', 'CA', 'cac', 'deploy', '42', 'x', 'deploiement'), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.boolean(),
  )
  .map(([words, typing]) => words.join(' ') + (typing ? '' : ' '));

describe('term frequencies without tokenizing', () => {
  it('count what tokensOf and the terms’ matchers count, in any text', () => {
    fc.assert(
      fc.property(text, query, fc.integer({ min: 1, max: 4 }), (text, typed, weight) => {
        const { terms } = memoryQueryOf(typed)!;
        const tokens = tokensOf(text);
        const expected = terms.map((term) => weight * tokens.filter(term.matches).length);
        const frequencies = terms.map(() => 1);
        addTermFrequencies(text, terms, weight, frequencies);
        expect(frequencies).toEqual(expected.map((count) => count + 1));
      }),
      { numRuns: 2_000 },
    );
  });
});
