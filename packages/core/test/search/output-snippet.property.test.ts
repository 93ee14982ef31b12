import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestWindow } from '../../src/search/output-snippet';

const WINDOW = 16;

/**
 * The rule as FTS5's snippet() states it, checked window by window: the first window of 16 tokens with the most
 * distinct query words, then the most matches, then its first and last match nearest its middle.
 * `termAt[i]`: the query word token i is (-1: none).
 */
function referenceWindow(termAt: readonly number[]) {
  let best = { start: 0, distinct: -1, hits: -1, offCentre: Infinity };
  for (let start = 0; start <= Math.max(0, termAt.length - WINDOW); start++) {
    const matched = termAt
      .slice(start, start + WINDOW)
      .flatMap((term, i) => (term >= 0 ? [{ term, at: i }] : []));
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
  return { start: best.start, distinct: Math.max(0, best.distinct), hits: Math.max(0, best.hits) };
}

describe('snippets made from the text', () => {
  it('choose the same window in one sliding pass as the rule checked window by window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((terms) =>
          fc.tuple(
            fc.constant(terms),
            fc.oneof(
              fc.array(fc.integer({ min: -1, max: terms - 1 }), { maxLength: 16 }),
              fc.array(
                fc.integer({ min: -6, max: terms - 1 }).map((t) => Math.max(-1, t)),
                {
                  minLength: 17,
                  maxLength: 80,
                },
              ),
            ),
          ),
        ),
        ([terms, termAt]) => {
          const { start, distinct, hits } = bestWindow(termAt, terms);
          expect({ start, distinct, hits }).toEqual(referenceWindow(termAt));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
