import { fold, type OutputQuery } from '../search/output-query';
import type { ScannableTerm } from '../search/term-frequency';

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

/** A query over memory: its terms can be counted in a row's text without tokenizing it (`term-frequency.ts`). */
export interface MemoryQuery extends OutputQuery {
  terms: ScannableTerm[];
}

/** A memory query: the FTS5 text (as `ftsQueryOf`), each word's matcher and its folded word for the scan. */
export function memoryQueryOf(text: string): MemoryQuery | undefined {
  const fts = ftsQueryOf(text);
  if (fts === undefined) return undefined;
  const words = text.match(/[\p{L}\p{N}]+/gu)!.slice(0, MAX_TERMS);
  const typing = !/\s$/u.test(text);
  const terms = words.map((word, index): ScannableTerm => {
    const folded = fold(word);
    const prefix = typing && index === words.length - 1;
    return {
      fts: `"${word}"${prefix ? '*' : ''}`,
      matches: prefix ? (token) => token.startsWith(folded) : (token) => token === folded,
      scan: { word: folded, prefix },
    };
  });
  return { fts, terms };
}
