import { tokensOf, type OutputTerm } from './output-query';

/**
 * Term frequencies of a row's text for bm25, without splitting it into tokens: ranking the 250 rows of a memory
 * search made ~10,000 token strings a search, a third of its time and most of its garbage. In ASCII text (the
 * common case) each term's folded word is found with `indexOf` and kept where it starts a token (and, unless
 * it is a prefix, ends one); any other text goes through `tokensOf` and the terms' matchers, as before. A row's
 * length comes from FTS5's own count (`memory_fts_docsize`), not from here.
 */

/** A term that can be found without tokenizing: its folded word, and whether a token need only start with it. */
export interface ScannableTerm extends OutputTerm {
  scan?: { word: string; prefix: boolean };
}

const NON_ASCII = /[^\0-\x7f]/u;

/** A lowercased ASCII letter or digit: what continues a token in ASCII text. */
const isWordCode = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);

/** Adds `weight` × (tokens of `text` that term i matches) to `frequencies[i]` for every term. */
export function addTermFrequencies(
  text: string,
  terms: readonly ScannableTerm[],
  weight: number,
  frequencies: number[],
): void {
  if (NON_ASCII.test(text) || terms.some((term) => term.scan === undefined)) {
    for (const token of tokensOf(text))
      terms.forEach((term, i) => {
        if (term.matches(token)) frequencies[i]! += weight;
      });
    return;
  }
  const lower = text.toLowerCase();
  terms.forEach((term, i) => {
    const { word, prefix } = term.scan!;
    if (word === '') return;
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
      const startsToken = at === 0 || !isWordCode(lower.charCodeAt(at - 1));
      if (startsToken && (prefix || !isWordCode(lower.charCodeAt(at + word.length))))
        frequencies[i]! += weight;
    }
  });
}
