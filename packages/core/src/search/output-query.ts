/** The most words of a query that reach FTS5 (the rest are ignored), as for memory and messages. */
const MAX_TERMS = 16;
/**
 * A typed last word that no recent word starts with goes to FTS5 as a prefix from this many characters; a
 * shorter one matches a whole word only (FTS5 would merge the postings of thousands of words).
 */
export const MIN_FTS_PREFIX = 3;
/** A typed word is completed from the words of the newest 1,000 recorded rows, else of the 10,000 before… */
export const COMPLETION_ROWS = [1_000, 10_000] as const;
/** …to at most this many of them, the most frequent first. */
export const MAX_COMPLETIONS = 8;

/** One word of the query: its FTS5 text, and which tokens of a row it matches (for term frequencies). */
export interface OutputTerm {
  fts: string;
  matches: (token: string) => boolean;
}

/** A query over recorded output: the FTS5 text (all terms required) and its terms. */
export interface OutputQuery {
  fts: string;
  terms: OutputTerm[];
}

/** Case and diacritics folded as the index's tokenizer does (`unicode61 remove_diacritics 2`), roughly. */
export const fold = (text: string) =>
  /[^\0-\x7f]/u.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : text.toLowerCase();

/** A text's tokens, folded. */
export function tokensOf(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

/**
 * Turns what the human typed into a query over recorded output that cannot be a syntax error: the words each
 * quoted, all required. The last word, unless followed by a space (search as you type), is a prefix — completed to the words that start with it in the newest
 * 1,000 rows (`newestTexts`: the `rows` rows before the newest `from`), else the 10,000 before them, the
 * `MAX_COMPLETIONS` most frequent there, OR-ed. The index has no
 * prefix indexes (every printed line is an insert), so FTS5 would merge the postings of every word with the
 * prefix over the whole index (1.7 s p99 over 1 GB); the words a busy pane prints are in its newest rows. When
 * no recent word starts with it, the prefix goes to FTS5 as one from `MIN_FTS_PREFIX` characters (its words are
 * rare then: few postings), and a shorter one is a whole word.
 * Undefined when the text holds no word.
 */
export function outputQueryOf(
  text: string,
  newestTexts: (from: number, rows: number) => string[],
): OutputQuery | undefined {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS);
  if (!words || words.length === 0) return undefined;
  const last = words.at(-1)!;
  const typing = !/\s$/u.test(text);
  const terms: OutputTerm[] = (typing ? words.slice(0, -1) : words).map((word) => {
    const folded = fold(word);
    return { fts: quoted(word), matches: (token) => token === folded };
  });
  if (typing) terms.push(prefixTerm(fold(last), newestTexts));
  // Explicit ANDs: FTS5's implicit AND does not take a parenthesised OR.
  return { fts: terms.map((term) => term.fts).join(' AND '), terms };
}

function prefixTerm(prefix: string, newestTexts: (from: number, rows: number) => string[]): OutputTerm {
  const counts = new Map<string, number>();
  let from = 0;
  for (const rows of COMPLETION_ROWS) {
    for (const text of newestTexts(from, rows)) {
      if (!fold(text).includes(prefix)) continue;
      for (const token of tokensOf(text))
        if (token.startsWith(prefix)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    if (counts.size > 0) break;
    from += rows;
  }
  const completions = [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, MAX_COMPLETIONS)
    .map(([token]) => token);
  if (completions.length === 0)
    return Array.from(prefix).length >= MIN_FTS_PREFIX
      ? { fts: `${quoted(prefix)}*`, matches: (token) => token.startsWith(prefix) }
      : { fts: quoted(prefix), matches: (token) => token === prefix };
  const chosen = new Set(completions);
  return {
    fts: completions.length === 1 ? quoted(completions[0]!) : `(${completions.map(quoted).join(' OR ')})`,
    matches: (token) => chosen.has(token),
  };
}
