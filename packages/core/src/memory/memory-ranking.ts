import { bm25Of, docsizeTokens, estimatedDocuments, fts5Totals, idfOf } from '../search/bm25';
import type { OutputQuery } from '../search/output-query';
import { scoredSnippetOf } from '../search/output-snippet';
import { addTermFrequencies } from '../search/term-frequency';
import type { MemoryQuery } from './fts-query';
import type { Store } from '../store/store';

/** The weights of key, value and tags in bm25, as the migration configures FTS5's rank (`bm25(4.0, 1.0, 2.0, 0.0)`, scope 0). */
export const MEMORY_COLUMN_WEIGHTS = [4, 1, 2] as const;
/**
 * A search ranks at most this many of the newest matches the caller may see (an entry is new when it was
 * last written: a replaced entry gets a new rowid). A word in most entries is not ranked 100,000 times.
 */
export const MEMORY_RANK_WINDOW = 250;

/** What ranking and snippets read of an entry: its rowid and its three indexed columns. */
export interface RankedColumns {
  id: number;
  key: string;
  value: string;
  tags: string;
}

/** …and, for ranking, its record in `memory_fts_docsize` in hex (FTS5's count of its tokens in each column). */
export interface RankedRow extends RankedColumns {
  docsize: string;
}

/**
 * bm25 of each row as FTS5's `bm25(4.0, 1.0, 2.0, 0.0)` gives it (negative: lower is better), computed here:
 * FTS5's counts every row of each phrase in the whole index for its IDF at every search. A phrase's document
 * count is exact when it is in fewer than 2,000 entries, else estimated from its newest postings
 * (`search/bm25.ts`); row count and average length are FTS5's own totals.
 */
export function rankedRows<Row extends RankedRow>(
  store: Store,
  query: MemoryQuery,
  rows: readonly Row[],
): { row: Row; rank: number }[] {
  if (rows.length === 0) return [];
  const totals = fts5Totals(store, 'memory_fts');
  const span = store
    .prepare<[], { low: number; high: number }>(
      // Two subqueries: SQLite reads min() or max() of a primary key from the b-tree's end only one at a time.
      'SELECT (SELECT min(id) FROM memory_entries) AS low, (SELECT max(id) FROM memory_entries) AS high',
    )
    .get()!;
  // Rows from a rowid on, by the rowids' density (counting them walks most of the table for an old rowid).
  const density = totals.rows / Math.max(1, span.high - span.low + 1);
  const idfs = query.terms.map((term) =>
    idfOf(
      totals.rows,
      estimatedDocuments(
        store,
        'memory_fts',
        term.fts,
        totals.rows,
        (rowid) => (span.high - rowid + 1) * density,
      ),
    ),
  );
  return rows.map((row) => {
    const frequencies = query.terms.map(() => 0);
    addTermFrequencies(row.key, query.terms, MEMORY_COLUMN_WEIGHTS[0], frequencies);
    addTermFrequencies(row.value, query.terms, MEMORY_COLUMN_WEIGHTS[1], frequencies);
    addTermFrequencies(row.tags, query.terms, MEMORY_COLUMN_WEIGHTS[2], frequencies);
    // The length is FTS5's own count over all four columns (the scope's one token too, weight 0 or not).
    return { row, rank: bm25Of(idfs, frequencies, docsizeTokens(row.docsize), totals) };
  });
}

/**
 * The entry's passage around its matches, from the column that shows them best (key, then value, then tags
 * among equals), as FTS5's `snippet(memory_fts, -1, '⟦', '⟧', '…', 16)` chooses: made from the text already
 * read (FTS5's needs the MATCH re-run over the hits, which reads all of a common word's postings).
 */
export function memorySnippetOf(row: RankedColumns, query: OutputQuery): string {
  let best = { snippet: '', distinct: -1, hits: -1 };
  for (const text of [row.key, row.value, row.tags]) {
    if (text === '') continue;
    const scored = scoredSnippetOf(text, query.terms);
    if (scored.distinct > best.distinct || (scored.distinct === best.distinct && scored.hits > best.hits))
      best = scored;
  }
  return best.snippet;
}
