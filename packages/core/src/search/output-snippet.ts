import { fold, type OutputTerm } from './output-query';

/** Tokens a snippet shows at most, as the fleet search asks of FTS5's `snippet()` for memory and messages. */
const SNIPPET_TOKENS = 16;

/**
 * A row's passage around its matches, the matched words between ⟦ and ⟧ and `…` where text was left out, as
 * FTS5's `snippet(…, '⟦', '⟧', '…', 16)` gives for memory and messages: the window of `SNIPPET_TOKENS`
 * tokens holding the most distinct query words (then the most matches, then the matches nearest its middle). Made from the text
 * the search already read: FTS5's `snippet()` needs its MATCH re-run per hit, and it does not honour a bound
 * `rowid = ?` (SQLite 3.53: it returned the first match's snippet for every hit).
 */
export function snippetOf(text: string, terms: readonly OutputTerm[]): string {
  return scoredSnippetOf(text, terms).snippet;
}

/**
 * The snippet with how good it is: the distinct query words it shows, then its matches (to choose among a
 * row's columns as FTS5's `snippet(…, -1, …)` does: the best, the first of equals).
 */
export function scoredSnippetOf(
  text: string,
  terms: readonly OutputTerm[],
): { snippet: string; distinct: number; hits: number } {
  const tokens = tokensWithTerms(text, terms);
  if (tokens.length === 0) return { snippet: text, distinct: 0, hits: 0 };
  const best = bestWindow(
    tokens.map((token) => token.term),
    terms.length,
  );
  const shown = tokens.slice(best.start, best.start + SNIPPET_TOKENS);
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

/** The text's tokens (letters and digits) with where they are and which query word each is (-1: none). */
function tokensWithTerms(
  text: string,
  terms: readonly OutputTerm[],
): { start: number; end: number; term: number }[] {
  // ASCII text folds in place (offsets kept), so it is lowercased once instead of token by token.
  const lower = /[^\0-\x7f]/u.test(text) ? undefined : text.toLowerCase();
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => {
    const end = match.index + match[0].length;
    const folded = lower === undefined ? fold(match[0]) : lower.slice(match.index, end);
    return { start: match.index, end, term: terms.findIndex((term) => term.matches(folded)) };
  });
}

/**
 * The first window of `SNIPPET_TOKENS` tokens with the most distinct query words, then the most matches, then
 * its first and last match nearest its middle: one pass sliding the window, counting what enters and leaves.
 */
export function bestWindow(
  termAt: readonly number[],
  termCount: number,
): { start: number; distinct: number; hits: number } {
  const matchAt = termAt.flatMap((term, i) => (term >= 0 ? [i] : []));
  if (matchAt.length === 0) return { start: 0, distinct: 0, hits: 0 };
  const counts = new Array<number>(termCount).fill(0);
  let distinct = 0;
  let first = 0; // matchAt index of the window's first match
  let next = 0; // matchAt index of the first match past the window
  let best = { start: 0, distinct: -1, hits: -1, offCentre: Infinity };
  for (let start = 0; start <= Math.max(0, termAt.length - SNIPPET_TOKENS); start++) {
    const end = start + SNIPPET_TOKENS;
    while (next < matchAt.length && matchAt[next]! < end)
      if (counts[termAt[matchAt[next++]!]!]!++ === 0) distinct++;
    while (first < next && matchAt[first]! < start)
      if (--counts[termAt[matchAt[first++]!]!]! === 0) distinct--;
    const hits = next - first;
    const offCentre = hits
      ? Math.abs((matchAt[first]! - start + (matchAt[next - 1]! - start)) / 2 - (SNIPPET_TOKENS - 1) / 2)
      : Infinity;
    if (
      distinct > best.distinct ||
      (distinct === best.distinct && (hits > best.hits || (hits === best.hits && offCentre < best.offCentre)))
    )
      best = { start, distinct, hits, offCentre };
  }
  return best;
}
