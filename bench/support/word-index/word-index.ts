import type { Statement } from 'better-sqlite3';
import { DENSITY_SAMPLE } from '../../../packages/core/src/search/bm25';
import { WordPairs } from './word-hashes';
import {
  pairsOfParts,
  partBytes,
  partOf,
  partsOf,
  rowsWithHash,
  segmentOf,
  type PairSource,
} from './word-segments';

/** A segment's part rows are `segment × PART_IDS + part`. */
const PART_IDS = 1 << 16;
/** Segments of a level merged into one of the next level (a tiered LSM: levels grow older, ranges do not overlap). */
export const MERGE_FANOUT = 8;
/** Segments of this level are not merged again (at 2,000 lines a second: a segment per ~8.5 minutes of printing). */
export const TOP_LEVEL = 3;

interface SegmentRow {
  id: number;
  level: number;
  first_row: number;
  last_row: number;
  bits: number;
}

/** The tables behind the index. */
export const WORD_INDEX_SQL = `CREATE TABLE IF NOT EXISTS recording_word_segments (
    id INTEGER PRIMARY KEY, level INTEGER NOT NULL, first_row INTEGER NOT NULL, last_row INTEGER NOT NULL, bits INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS recording_word_segments_level ON recording_word_segments(level, first_row);
  CREATE TABLE IF NOT EXISTS recording_word_parts (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS recording_word_state (only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    indexed_upto INTEGER NOT NULL, rows INTEGER NOT NULL, words INTEGER NOT NULL);
  INSERT OR IGNORE INTO recording_word_state (only_row, indexed_upto, rows, words) VALUES (1, 0, 0, 0);`;

/** Rows read per step when the index catches up with rows it was not given (an upgrade, rows written by SQL). */
const CATCH_UP_ROWS = 2_000;

/** How far the index has read `recording_lines` (its rows up to `indexed_upto`), and their size in words. */
export interface WordIndexState {
  indexed_upto: number;
  rows: number;
  words: number;
}

/**
 * The recorded-output index: which rows of `recording_lines` hold a word's hash, as segments of bucketed
 * (hash, row) pairs in SQLite (`word-segments.ts`), written with the rows (same transaction) and merged in
 * tiers. Costs a printed line a pass over its characters and a pair per distinct word of its row, where
 * FTS5 costs ~1.2 µs a line (docs/performance.md, session 23). Hashes can collide and rows go (drops):
 * candidates are checked against the rows' text by the reader.
 */
export class WordIndex {
  private readonly pairs = new WordPairs();
  /** Batches gathered in `pairs` since the last segment written: from row `first`, `rows` rows. */
  private readonly gathered = { batches: 0, first: 0, rows: 0 };
  /** The last row seen (gathered or stored); undefined: read the stored mark. */
  private gatheredUpto: number | undefined;

  constructor(private readonly prepare: <R = unknown>(sql: string) => Statement<unknown[], R>) {}

  /**
   * Indexes rows `firstRow`, `firstRow + 1`, … just written (their texts, in order), in the caller's
   * transaction. Their pairs gather in memory for `MERGE_FANOUT` batches and are written as one segment of
   * level 1 (no level-0 segment written and merged again); rows past the stored mark are read again from the
   * table at the next start (`catchUp`), so a crash loses none. Rows the index has not seen (written by SQL, or
   * a rolled-back batch: `forget`) are read from the table first.
   */
  add(firstRow: number, texts: readonly string[]): void {
    if (texts.length === 0) return;
    if ((this.gatheredUpto ?? this.state().indexed_upto) !== firstRow - 1) return this.catchUp();
    if (this.gathered.batches === 0) {
      this.pairs.clear();
      this.gathered.first = firstRow;
    }
    for (let i = 0; i < texts.length; i++) this.pairs.addRow(texts[i]!, firstRow - this.gathered.first + i);
    this.gatheredUpto = firstRow + texts.length - 1;
    this.gathered.rows += texts.length;
    if (++this.gathered.batches >= MERGE_FANOUT) this.flush();
  }

  /** Writes the gathered pairs as a segment (in the caller's transaction). */
  flush(): void {
    if (this.gathered.batches === 0) return;
    const { hashes, rows, count, words } = this.pairs;
    this.write(1, this.gathered.first, this.gatheredUpto!, [{ hashes, rows, count, rowShift: 0 }]);
    this.prepare(
      'UPDATE recording_word_state SET indexed_upto = ?, rows = rows + ?, words = words + ? WHERE only_row = 1',
    ).run(this.gatheredUpto!, this.gathered.rows, words);
    this.gathered.batches = 0;
    this.gathered.rows = 0;
    this.mergeFrom(1);
  }

  /** Drops the gathered pairs (their transaction was rolled back): the next batch reads from the stored mark. */
  forget(): void {
    this.gathered.batches = 0;
    this.gathered.rows = 0;
    this.gatheredUpto = undefined;
  }

  /** Indexes the rows of `recording_lines` past the stored mark, `CATCH_UP_ROWS` at a time. */
  catchUp(): void {
    this.forget();
    for (;;) {
      const rows = this.prepare<{ id: number; text: string }>(
        `SELECT id, text FROM recording_lines WHERE id > ? ORDER BY id LIMIT ${CATCH_UP_ROWS}`,
      ).all(this.state().indexed_upto);
      if (rows.length === 0) return;
      const first = rows[0]!.id;
      this.pairs.clear();
      for (const row of rows) this.pairs.addRow(row.text, row.id - first);
      const { hashes, rows: pairRows, count, words } = this.pairs;
      this.write(0, first, rows.at(-1)!.id, [{ hashes, rows: pairRows, count, rowShift: 0 }]);
      this.prepare(
        'UPDATE recording_word_state SET indexed_upto = ?, rows = rows + ?, words = words + ? WHERE only_row = 1',
      ).run(rows.at(-1)!.id, rows.length, words);
      this.mergeFrom(0);
    }
  }

  /** The mark and totals (bm25's row count and average length). */
  state(): WordIndexState {
    return this.prepare<WordIndexState>(
      'SELECT indexed_upto, rows, words FROM recording_word_state WHERE only_row = 1',
    ).get()!;
  }

  /**
   * After rows were deleted: the mark goes down to the newest row left (a row id given again is indexed
   * again), and segments whose rows are all before the oldest row left go.
   */
  afterDelete(): void {
    this.flush();
    this.gatheredUpto = undefined;
    const { low, high } = this.prepare<{ low: number | null; high: number | null }>(
      'SELECT (SELECT min(id) FROM recording_lines) AS low, (SELECT max(id) FROM recording_lines) AS high',
    ).get()!;
    this.prepare(
      'UPDATE recording_word_state SET indexed_upto = min(indexed_upto, ?) WHERE only_row = 1',
    ).run(high ?? 0);
    this.forgetBefore(low ?? Number.MAX_SAFE_INTEGER);
  }

  /**
   * Candidate rows for words given as hash alternatives (a row must hold one hash of every word), newest
   * segment first, each segment's rows newest first.
   */
  *candidates(words: readonly (readonly number[])[]): Generator<number[]> {
    const segments = this.prepare<SegmentRow>(
      'SELECT id, level, first_row, last_row, bits FROM recording_word_segments ORDER BY first_row DESC',
    ).all();
    for (const segment of segments) {
      // Its words' parts, the smallest first: a common word's bucket makes its part the largest, and a
      // segment where a rarer word is absent reads no other.
      const terms =
        words.length === 1
          ? [{ term: 0 }]
          : words
              .map((hashes) => hashes.map((hash) => segment.id * PART_IDS + partOf(hash, segment.bits)))
              .map((parts, term) => ({
                term,
                bytes: parts.reduce((sum, part) => sum + this.partBytes(part), 0),
              }))
              .sort((a, b) => a.bytes - b.bytes);
      let found: number[] | undefined;
      for (const { term } of terms) {
        found = this.rowsOf(segment, words[term]!, found);
        if (found.length === 0) break;
      }
      if (found && found.length > 0) yield found.reverse().map((row) => row + segment.first_row);
    }
  }

  /** A segment's rows (relative, ascending, each once) that hold one of `hashes` (and, if given, are `within`). */
  private rowsOf(segment: SegmentRow, hashes: readonly number[], within?: readonly number[]): number[] {
    const rows: number[] = [];
    for (const hash of hashes) {
      const part = this.part(segment, partOf(hash, segment.bits));
      if (part) rowsWithHash(part, segment.bits, hash, rows, within);
    }
    if (hashes.length === 1) return rows;
    const sorted = Uint32Array.from(rows).sort();
    return Array.from(sorted.filter((row, i) => i === 0 || row !== sorted[i - 1]));
  }

  private partBytes(id: number): number {
    return (
      this.prepare<{ bytes: number }>(
        'SELECT length(data) AS bytes FROM recording_word_parts WHERE id = ?',
      ).get(id)?.bytes ?? 0
    );
  }

  /**
   * How many rows hold one of `hashes` (candidates: a row of a colliding word counts too): counted when they are
   * few, else estimated from the density of the newest `DENSITY_SAMPLE`; `rowsFrom(row)` says how many rows
   * the index holds from `row` on.
   */
  estimatedRows(hashes: readonly number[], indexRows: number, rowsFrom: (row: number) => number): number {
    let found = 0;
    for (const rows of this.candidates([hashes]))
      for (const row of rows)
        if (++found === DENSITY_SAMPLE)
          return Math.min(indexRows, (found / Math.max(found, rowsFrom(row))) * indexRows);
    return found;
  }

  /** Removes segments whose rows are all before `row`. */
  private forgetBefore(row: number): void {
    for (const { id, bits } of this.prepare<SegmentRow>(
      'SELECT id, bits FROM recording_word_segments WHERE last_row < ?',
    ).all(row)) {
      this.prepare('DELETE FROM recording_word_parts WHERE id >= ? AND id < ?').run(
        id * PART_IDS,
        id * PART_IDS + partsOf(bits),
      );
      this.prepare('DELETE FROM recording_word_segments WHERE id = ?').run(id);
    }
  }

  private part(segment: SegmentRow, part: number): Buffer | undefined {
    return this.prepare<{ data: Buffer }>('SELECT data FROM recording_word_parts WHERE id = ?').get(
      segment.id * PART_IDS + part,
    )?.data;
  }

  private write(level: number, firstRow: number, lastRow: number, sources: readonly PairSource[]): void {
    const segment = segmentOf(sources);
    const id = Number(
      this.prepare(
        'INSERT INTO recording_word_segments (level, first_row, last_row, bits) VALUES (?, ?, ?, ?)',
      ).run(level, firstRow, lastRow, segment.bits).lastInsertRowid,
    );
    const insert = this.prepare('INSERT INTO recording_word_parts (id, data) VALUES (?, ?)');
    for (let part = 0; part < partsOf(segment.bits); part++)
      insert.run(id * PART_IDS + part, partBytes(segment, part));
  }

  /** Merges `MERGE_FANOUT` segments of a level into one of the next, and on up. */
  private mergeFrom(level: number): void {
    if (level >= TOP_LEVEL) return;
    const segments = this.prepare<SegmentRow>(
      'SELECT id, level, first_row, last_row, bits FROM recording_word_segments WHERE level = ? ORDER BY first_row',
    ).all(level);
    if (segments.length < MERGE_FANOUT) return;
    const first = segments[0]!.first_row;
    const sources = segments.map((segment) => {
      const parts = this.prepare<{ data: Buffer }>(
        'SELECT data FROM recording_word_parts WHERE id >= ? AND id < ? ORDER BY id',
      )
        .all(segment.id * PART_IDS, segment.id * PART_IDS + partsOf(segment.bits))
        .map((row) => row.data);
      const { hashes, rows } = pairsOfParts(parts, segment.bits);
      return { hashes, rows, count: hashes.length, rowShift: segment.first_row - first };
    });
    for (const segment of segments) {
      this.prepare('DELETE FROM recording_word_parts WHERE id >= ? AND id < ?').run(
        segment.id * PART_IDS,
        segment.id * PART_IDS + partsOf(segment.bits),
      );
      this.prepare('DELETE FROM recording_word_segments WHERE id = ?').run(segment.id);
    }
    this.write(level + 1, first, segments.at(-1)!.last_row, sources);
    this.mergeFrom(level + 1);
  }
}
