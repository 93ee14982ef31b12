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
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => {
    const folded = fold(match[0]);
    return {
      start: match.index,
      end: match.index + match[0].length,
      term: terms.findIndex((term) => term.matches(folded)),
    };
  });
  if (tokens.length === 0) return { snippet: text, distinct: 0, hits: 0 };
  let best = { start: 0, distinct: -1, hits: -1, offCentre: Infinity };
  for (let start = 0; start <= Math.max(0, tokens.length - SNIPPET_TOKENS); start++) {
    const matched = tokens
      .slice(start, start + SNIPPET_TOKENS)
      .flatMap((token, i) => (token.term >= 0 ? [{ term: token.term, at: i }] : []));
    const distinct = new Set(matched.map((match) => match.term)).size;
    const offCentre = matched.length
      ? Math.abs((matched[0]!.at + matched.at(-1)!.at) / 2 - (SNIPPET_TOKENS - 1) / 2)
      : Infinity;
    if (
      distinct > best.distinct ||
      (distinct === best.distinct &&
        (matched.length > best.hits || (matched.length === best.hits && offCentre < best.offCentre)))
    )
      best = { start, distinct, hits: matched.length, offCentre };
  }
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
