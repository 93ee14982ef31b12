import { fold, type OutputQuery, type OutputTerm } from '../search/output-query';

/** The most words of a query that reach FTS5 (the rest are ignored). */
const MAX_TERMS = 16;

/**
 * Turns what a person or a model typed into an FTS5 query that cannot be a syntax error: the words
 * (letters and digits, any script) each quoted, all required, the last one a prefix unless the text
 * ends in a space (search as you type). FTS5 operators in the input are plain words here.
 * Undefined when the text holds no word.
 */
export function ftsQueryOf(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS);
  if (!words || words.length === 0) return undefined;
  const typing = !/\s$/u.test(text);
  return words.map((word, index) => `"${word}"${typing && index === words.length - 1 ? '*' : ''}`).join(' ');
}

/** A memory query: the FTS5 text (as `ftsQueryOf`) and each word's matcher over a row's folded tokens. */
export function memoryQueryOf(text: string): OutputQuery | undefined {
  const fts = ftsQueryOf(text);
  if (fts === undefined) return undefined;
  const words = text.match(/[\p{L}\p{N}]+/gu)!.slice(0, MAX_TERMS);
  const typing = !/\s$/u.test(text);
  const terms = words.map((word, index): OutputTerm => {
    const folded = fold(word);
    const prefix = typing && index === words.length - 1;
    return {
      fts: `"${word}"${prefix ? '*' : ''}`,
      matches: prefix ? (token) => token.startsWith(folded) : (token) => token === folded,
    };
  });
  return { fts, terms };
}
