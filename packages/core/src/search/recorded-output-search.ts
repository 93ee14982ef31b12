import type { Store } from '../store/store';
import { outputQueryOf, tokensOf, type OutputQuery } from './output-query';
import { snippetOf } from './output-snippet';

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
/** How many of a word's newest postings are counted to estimate how common it is (its IDF). */
const DENSITY_SAMPLE = 2_000;
/** bm25's constants, as FTS5's `bm25()` has them. */
const K1 = 1.2;
const B = 0.75;

/**
 * Full-text search over the lines recorded from panes (`recording_fts`), built so its cost does not grow with
 * the size of the index (`bench/recording-search.ts`, 1 GB):
 *
 * - Matches are taken **newest first** (rowids grow with time), at most `RANK_WINDOW`, with no lower rowid
 *   bound: a common word reads only its newest postings; a rare one all of them (they are few).
 * - They are ranked by **bm25 computed here** rather than FTS5's `bm25()`, which counts every row of each
 *   phrase in the whole index to get its IDF (a full scan of a common word's postings at every search).
 *   Here a word's document frequency is exact when its matches are few and, for a common word, estimated from
 *   the density of its newest `DENSITY_SAMPLE` postings (for a one-word query, of the hits themselves); row
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
      .prepare<[string], { id: number; agent_id: string; at_ms: number; text: string }>(
        'SELECT id, agent_id, at_ms, text FROM recording_lines WHERE id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(ids));
    const scored = this.scored(query, rows, { from, to: bounds.high, truncated: ids.length === RANK_WINDOW })
      .sort((a, b) => a.rank - b.rank || b.id - a.id)
      .slice(0, limit);
    const texts = new Map(rows.map((row) => [row.id, row.text]));
    return scored.map((hit) => ({ ...hit, snippet: snippetOf(texts.get(hit.id)!, query.terms) }));
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
      .prepare<[string, number], { id: number }>(
        `SELECT rowid AS id FROM recording_fts WHERE recording_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
      )
      .all(fts, RANK_WINDOW)
      .map((row) => row.id);
    return { ids, from: ids.length === RANK_WINDOW ? ids.at(-1)! : low };
  }

  /** bm25 of each row (negative: lower is better, as FTS5's). */
  private scored(
    query: OutputQuery,
    rows: { id: number; agent_id: string; at_ms: number; text: string }[],
    stretch: { from: number; to: number; truncated: boolean },
  ): Omit<RecordedOutputHit, 'snippet'>[] {
    const totals = this.totals();
    const stretchRows = stretch.to - stretch.from + 1;
    const idfs = query.terms.map((term) => {
      // One word: its matches in the stretch searched are the rows found (all of them unless truncated).
      const hits =
        query.terms.length === 1
          ? stretch.truncated
            ? Math.min(totals.rows, (rows.length / stretchRows) * totals.rows)
            : rows.length
          : this.estimatedDocuments(term.fts, stretch.to, totals.rows);
      const idf = Math.log((totals.rows - hits + 0.5) / (hits + 0.5));
      return idf > 0 ? idf : 1e-6;
    });
    return rows.map((row) => {
      const tokens = tokensOf(row.text);
      const lengthFactor = K1 * (1 - B + (B * tokens.length) / totals.averageLength);
      let score = 0;
      query.terms.forEach((term, index) => {
        const frequency = tokens.filter(term.matches).length;
        score += (idfs[index]! * (frequency * (K1 + 1))) / (frequency + lengthFactor);
      });
      return { id: row.id, agentId: row.agent_id, atMs: row.at_ms, rank: -score };
    });
  }

  /**
   * How many rows of the whole index hold `termFts`: counted when they are few, else estimated from the
   * density of its newest `DENSITY_SAMPLE` postings (read newest first, no lower bound: see `newestMatches`).
   */
  private estimatedDocuments(termFts: string, high: number, indexRows: number): number {
    const sample = this.store
      .prepare<[string, number], { n: number; oldest: number | null }>(
        `SELECT count(*) AS n, min(id) AS oldest FROM (SELECT rowid AS id FROM recording_fts
        WHERE recording_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`,
      )
      .get(termFts, DENSITY_SAMPLE)!;
    if (sample.n < DENSITY_SAMPLE) return sample.n;
    return Math.min(indexRows, (sample.n / (high - sample.oldest! + 1)) * indexRows);
  }

  /** Rows and average row length in tokens, from FTS5's totals record (what its `bm25()` reads). */
  private totals(): { rows: number; averageLength: number } {
    const block = this.store
      .prepare<[], { block: Buffer }>('SELECT block FROM recording_fts_data WHERE id = 1')
      .get()?.block;
    if (!block || block.length === 0) return { rows: 1, averageLength: 1 };
    const [rows, next] = varint(block, 0);
    const [tokens] = varint(block, next);
    return { rows: Math.max(1, rows), averageLength: Math.max(1, tokens / Math.max(1, rows)) };
  }
}

/** SQLite's varint (as FTS5 writes its totals): big-endian 7 bits a byte, the 9th byte whole. */
function varint(buffer: Buffer, offset: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 9 && offset + i < buffer.length; i++) {
    const byte = buffer[offset + i]!;
    if (i === 8) return [value * 256 + byte, offset + 9];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, offset + i + 1];
  }
  return [value, buffer.length];
}
