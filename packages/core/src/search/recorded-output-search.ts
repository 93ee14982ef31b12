import type { Store } from '../store/store';
import { outputQueryOf, tokensOf, type OutputQuery } from './output-query';
import { snippetOf } from './output-snippet';
import { bm25Of, estimatedDocuments, fts5Totals, idfOf } from './bm25';
import { limitClause } from '../store/sql-limit';

/** One recorded-output hit: the index row, the pane's agent, when the lines appeared, the passage, its bm25 rank. */
export interface RecordedOutputHit {
  id: number;
  agentId: string;
  atMs: number;
  snippet: string;
  rank: number;
}

/** Hits are ranked among this many of the newest matches (a word printed a million times is not ranked a million times). */
export const RANK_WINDOW = 500;

/**
 * Full-text search over the lines recorded from panes (`recording_fts`), built so its cost does not grow with
 * the size of the index (`bench/recording-search.ts`, 1 GB):
 *
 * - Matches are taken **newest first** (rowids grow with time), at most `RANK_WINDOW`, with no lower rowid
 *   bound: a common word reads only its newest postings; a rare one all of them (they are few).
 * - They are ranked by **bm25 computed here** rather than FTS5's `bm25()`, which counts every row of each
 *   phrase in the whole index to get its IDF (a full scan of a common word's postings at every search).
 *   Here a word's document frequency is exact when its matches are few and, for a common word, estimated from
 *   the density of its newest postings (`bm25.ts`) (for a one-word query, of the hits themselves); row
 *   count and average length come from FTS5's own totals record, term frequencies and lengths from the rows'
 *   text. So ranks stay comparable with the memory and message hits (FTS5 bm25 there).
 * - Snippets are made from the rows' text (`output-snippet.ts`).
 * - A typed last word is completed to words seen in recent output (`output-query.ts`).
 */
export class RecordedOutputSearch {
  constructor(private readonly store: Store) {}

  search(text: string, limit: number): RecordedOutputHit[] {
    const bounds = this.store
      .prepare<[], { low: number | null; high: number | null }>(
        // Two subqueries: SQLite reads min() or max() of a primary key from the b-tree's end only one at a time.
        'SELECT (SELECT min(id) FROM recording_lines) AS low, (SELECT max(id) FROM recording_lines) AS high',
      )
      .get();
    if (!bounds || bounds.low === null || bounds.high === null) return [];
    const query = outputQueryOf(text, (from, rows) => this.newestTexts(bounds.high! - from, rows));
    if (!query) return [];
    const { ids, from } = this.newestMatches(query.fts, bounds.low);
    if (ids.length === 0) return [];
    const rows = this.store
      .prepare<
        [string],
        { id: number; agent_id: string; at_ms: number; text: string; line_offsets: string | null }
      >(
        'SELECT id, agent_id, at_ms, text, line_offsets FROM recording_lines WHERE id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(ids));
    const scored = this.scored(query, rows, { from, to: bounds.high, truncated: ids.length === RANK_WINDOW })
      .sort((a, b) => a.rank - b.rank || b.id - a.id)
      .slice(0, limit);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return scored.map((hit) => {
      const row = byId.get(hit.id)!;
      return { ...hit, atMs: lineTimeOf(row, query), snippet: snippetOf(row.text, query.terms) };
    });
  }

  /** The texts of the `rows` rows up to `high` (for completing a typed word). */
  private newestTexts(high: number, rows: number): string[] {
    return this.store
      .prepare<[number, number], { text: string }>(
        'SELECT text FROM recording_lines WHERE id > ? AND id <= ?',
      )
      .all(high - rows, high)
      .map((row) => row.text);
  }

  /**
   * The newest `RANK_WINDOW` matches' rowids (newest first), and the oldest rowid the search reached. Newest
   * first with no lower rowid bound: FTS5 reads only as many postings as it returns then, where a lower bound
   * it has to reach (a range holding fewer matches than asked) cost 0.2–1.7 s over 1 GB.
   */
  private newestMatches(fts: string, low: number): { ids: number[]; from: number } {
    const ids = this.store
      .prepare<[string], { id: number }>(
        `SELECT rowid AS id FROM recording_fts WHERE recording_fts MATCH ? ORDER BY rowid DESC${limitClause(RANK_WINDOW)}`,
      )
      .all(fts)
      .map((row) => row.id);
    return { ids, from: ids.length === RANK_WINDOW ? ids.at(-1)! : low };
  }

  /** bm25 of each row (negative: lower is better, as FTS5's). */
  private scored(
    query: OutputQuery,
    rows: { id: number; agent_id: string; at_ms: number; text: string }[],
    stretch: { from: number; to: number; truncated: boolean },
  ): Omit<RecordedOutputHit, 'snippet'>[] {
    const totals = fts5Totals(this.store, 'recording_fts');
    const stretchRows = stretch.to - stretch.from + 1;
    const idfs = query.terms.map((term) =>
      idfOf(
        totals.rows,
        // One word: its matches in the stretch searched are the rows found (all of them unless truncated).
        query.terms.length === 1
          ? stretch.truncated
            ? Math.min(totals.rows, (rows.length / stretchRows) * totals.rows)
            : rows.length
          : // Rowids are dense here (lines go oldest first): the rows from a rowid are the ids up to the newest.
            estimatedDocuments(
              this.store,
              'recording_fts',
              term.fts,
              totals.rows,
              (rowid) => stretch.to - rowid + 1,
            ),
      ),
    );
    return rows.map((row) => {
      const tokens = tokensOf(row.text);
      const frequencies = query.terms.map((term) => tokens.filter(term.matches).length);
      return {
        id: row.id,
        agentId: row.agent_id,
        atMs: row.at_ms,
        rank: bm25Of(idfs, frequencies, tokens.length, totals),
      };
    });
  }
}

/**
 * When the row's line that best matches the query appeared — the most distinct query words, then the most matches,
 * the first of equals: a row holds an agent's lines of one index batch, each line's time its offset from the row's
 * (`line_offsets`; null: all at the row's time). The first line holding any query word (the rule before session 20)
 * sent "jump to the moment" for "login form is ready" to an earlier line that only named src/login/**, before the
 * line sought was on screen.
 */
function lineTimeOf(
  row: { at_ms: number; text: string; line_offsets: string | null },
  query: OutputQuery,
): number {
  if (row.line_offsets === null) return row.at_ms;
  const offsets = row.line_offsets.split(',').map(Number);
  let best = { line: 0, distinct: 0, hits: 0 };
  row.text.split('\n').forEach((text, line) => {
    const tokens = tokensOf(text);
    const counts = query.terms.map((term) => tokens.filter(term.matches).length);
    const distinct = counts.filter((count) => count > 0).length;
    const hits = counts.reduce((sum, count) => sum + count, 0);
    if (distinct > best.distinct || (distinct === best.distinct && hits > best.hits))
      best = { line, distinct, hits };
  });
  return row.at_ms + (offsets[best.line] ?? 0);
}
