import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';

/**
 * bm25 computed by the host, as FTS5's `bm25()` computes it, for searches that rank a bounded window of the
 * newest matches: FTS5's own `bm25()` counts every row of each phrase in the whole index for its IDF (a full
 * scan of a common word's postings at every search), however few rows are ranked.
 */

/** bm25's constants, as FTS5's `bm25()` has them. */
const K1 = 1.2;
const B = 0.75;
/** How many of a word's newest postings are counted to estimate how common it is (its IDF). */
export const DENSITY_SAMPLE = 2_000;

/** An FTS5 table's row count and average row length in tokens (all columns), from its totals record. */
export interface Fts5Totals {
  rows: number;
  averageLength: number;
}

/** Reads the totals record FTS5 keeps (`<table>_data` row 1: the row count, then each column's tokens). */
export function fts5Totals(store: Store, table: 'memory_fts' | 'recording_fts'): Fts5Totals {
  const block = store
    .prepare<[], { block: Buffer }>(`SELECT block FROM ${table}_data WHERE id = 1`)
    .get()?.block;
  if (!block || block.length === 0) return { rows: 1, averageLength: 1 };
  let [rows, next] = varint(block, 0);
  let tokens = 0;
  while (next < block.length) {
    const [columnTokens, after] = varint(block, next);
    tokens += columnTokens;
    next = after;
  }
  rows = Math.max(1, rows);
  return { rows, averageLength: Math.max(1, tokens / rows) };
}

/**
 * A row's tokens in all columns, from its record in FTS5's `<table>_docsize` (one varint per column) read as
 * `hex(sz)`: a short string costs the read less than a Buffer per row.
 */
export function docsizeTokens(hex: string): number {
  let tokens = 0;
  let value = 0;
  for (let at = 0; at + 1 < hex.length; at += 2) {
    const byte = parseInt(hex.slice(at, at + 2), 16);
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      tokens += value;
      value = 0;
    }
  }
  return tokens;
}

/** FTS5's IDF of a phrase that `hits` of `rows` rows hold (never ≤ 0). */
export function idfOf(rows: number, hits: number): number {
  const idf = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/**
 * A row's bm25 as FTS5 gives it (negative: lower is better): `frequencies[i]` is phrase i's weighted count in
 * the row (each column's count times the column's weight), `length` the row's tokens in all columns.
 */
export function bm25Of(
  idfs: readonly number[],
  frequencies: readonly number[],
  length: number,
  totals: Fts5Totals,
): number {
  const lengthFactor = K1 * (1 - B + (B * length) / totals.averageLength);
  let score = 0;
  idfs.forEach((idf, i) => {
    const frequency = frequencies[i]!;
    score += (idf * (frequency * (K1 + 1))) / (frequency + lengthFactor);
  });
  return -score;
}

/**
 * How many rows of the whole index hold `phraseFts`: counted when they are few, else estimated from the
 * density of its newest `DENSITY_SAMPLE` postings (read newest first, with no lower rowid bound: FTS5 then
 * reads only as many postings as it returns). `rowsFrom(rowid)` says how many rows of the index have a rowid
 * of at least `rowid` (the stretch the sample covers).
 */
export function estimatedDocuments(
  store: Store,
  table: 'memory_fts' | 'recording_fts',
  phraseFts: string,
  indexRows: number,
  rowsFrom: (rowid: number) => number,
): number {
  const sample = store
    .prepare<[string], { n: number; oldest: number | null }>(
      `SELECT count(*) AS n, min(id) AS oldest FROM (SELECT rowid AS id FROM ${table}
      WHERE ${table} MATCH ? ORDER BY rowid DESC${limitClause(DENSITY_SAMPLE)})`,
    )
    .get(phraseFts)!;
  if (sample.n < DENSITY_SAMPLE) return sample.n;
  return Math.min(indexRows, (sample.n / Math.max(sample.n, rowsFrom(sample.oldest!))) * indexRows);
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
