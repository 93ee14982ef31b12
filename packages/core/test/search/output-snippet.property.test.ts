import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, type OutputTerm } from '../../src/search/output-query';
import { scoredSnippetOf } from '../../src/search/output-snippet';

const WINDOW = 16;

/**
 * The rule as FTS5's snippet() states it, checked window by window: the first window of 16 tokens with the most
 * distinct query words, then the most matches, then its first and last match nearest its middle.
 */
function referenceSnippet(text: string, terms: readonly OutputTerm[]) {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    term: terms.findIndex((term) => term.matches(fold(match[0]))),
  }));
  if (tokens.length === 0) return { snippet: text, distinct: 0, hits: 0 };
  let best = { start: 0, distinct: -1, hits: -1, offCentre: Infinity };
  for (let start = 0; start <= Math.max(0, tokens.length - WINDOW); start++) {
    const matched = tokens
      .slice(start, start + WINDOW)
      .flatMap((token, i) => (token.term >= 0 ? [{ term: token.term, at: i }] : []));
    const distinct = new Set(matched.map((match) => match.term)).size;
    const offCentre = matched.length
      ? Math.abs((matched[0]!.at + matched.at(-1)!.at) / 2 - (WINDOW - 1) / 2)
      : Infinity;
    if (
      distinct > best.distinct ||
      (distinct === best.distinct &&
        (matched.length > best.hits || (matched.length === best.hits && offCentre < best.offCentre)))
    )
      best = { start, distinct, hits: matched.length, offCentre };
  }
  const shown = tokens.slice(best.start, best.start + WINDOW);
  let out = best.start > 0 ? '…' : '';
  let at = best.start > 0 ? shown[0]!.start : 0;
  for (const token of shown) {
    out += text.slice(at, token.start);
    const word = text.slice(token.start, token.end);
    out += token.term >= 0 ? `⟦${word}⟧` : word;
    at = token.end;
  }
  const last = best.start + shown.length >= tokens.length;
  return { snippet: out + (last ? text.slice(at) : '…'), distinct: best.distinct, hits: best.hits };
}

const words = ['deploy', 'Cache', 'lint', 'déjà', 'build', 'x', 'release', 'ÉTÉ', '42'];
const term = (word: string, prefix: boolean): OutputTerm => {
  const folded = fold(word);
  return { fts: word, matches: prefix ? (t) => t.startsWith(folded) : (t) => t === folded };
};

describe('snippets made from the text', () => {
  it('choose the same window as the rule checked window by window, for any text and query words', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...words), { minLength: 0, maxLength: 70 })
          .chain((few) =>
            fc
              .array(fc.constantFrom(...words), { minLength: 17, maxLength: 70 })
              .map((many) => (few.length % 3 === 0 ? few : many)),
          ),
        fc.array(fc.constantFrom(' ', ', ', '  ', '-', '\n', '…'), { minLength: 80, maxLength: 80 }),
        fc.uniqueArray(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (tokens, gaps, queried, prefix) => {
          const text = tokens.map((word, i) => word + gaps[i]).join('');
          const terms = queried.map((word, i) =>
            term(
              i === queried.length - 1 && prefix ? word.slice(0, 2) : word,
              prefix && i === queried.length - 1,
            ),
          );
          expect(scoredSnippetOf(text, terms)).toEqual(referenceSnippet(text, terms));
        },
      ),
      { numRuns: 500 },
    );
  });
});
