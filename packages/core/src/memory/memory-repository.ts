import type { MemoryEntry, MemoryHit } from '@switchboard/protocol';
import type { Store } from '../store/store';
import type { MemoryQuery } from './fts-query';
import { MEMORY_RANK_WINDOW, memorySnippetOf, rankedRows, type RankedRow } from './memory-ranking';
import { scopedFts } from './memory-scope';
import { limitClause } from '../store/sql-limit';

interface EntryRow {
  id: number;
  namespace: string;
  key: string;
  value: string;
  kind: 'text' | 'json';
  tags: string;
  author: string;
  version: number;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

/** An entry as it is written: the value already redacted and serialised. */
export interface StoredEntry {
  namespace: string;
  key: string;
  value: string;
  kind: 'text' | 'json';
  tags: readonly string[];
  author: string;
  at: string;
  atMs: number;
  expiresAt: string | null;
  expiresMs: number | null;
}

/** Which entries a read covers. `namespaces` undefined: every namespace (the human). */
export interface MemoryFilter {
  namespaces: readonly string[] | undefined;
  namespace?: string | undefined;
  author?: string | undefined;
  tag?: string | undefined;
  nowMs: number;
}

const toEntry = (row: EntryRow): MemoryEntry => ({
  namespace: row.namespace,
  key: row.key,
  value: row.kind === 'json' ? JSON.parse(row.value) : row.value,
  kind: row.kind,
  tags: JSON.parse(row.tags) as string[],
  author: row.author,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  expiresAt: row.expires_at,
});

const COLUMNS =
  'e.id, e.namespace, e.key, e.value, e.kind, e.tags, e.author, e.version, e.created_at, e.updated_at, e.expires_at';

/** The WHERE clauses and arguments of a filter, over `memory_entries AS e`. */
function whereOf(filter: MemoryFilter): { clauses: string[]; args: unknown[] } {
  const clauses = ['(e.expires_ms IS NULL OR e.expires_ms > ?)'];
  const args: unknown[] = [filter.nowMs];
  if (filter.namespaces) {
    clauses.push('e.namespace IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(filter.namespaces));
  }
  if (filter.namespace !== undefined) {
    clauses.push('e.namespace = ?');
    args.push(filter.namespace);
  }
  if (filter.author !== undefined) {
    clauses.push('e.author = ?');
    args.push(filter.author);
  }
  if (filter.tag !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)');
    args.push(filter.tag);
  }
  return { clauses, args };
}

/**
 * The FTS5 query of a search, restricted to the namespaces the filter lets through (the `scope` column): an
 * agent's search then reads only its own namespaces' matches from the index, not every match to drop most of
 * them in the join. The WHERE clauses still check the namespace of every row.
 */
function ftsWithin(fts: string, filter: MemoryFilter): string {
  const namespaces = filter.namespace !== undefined ? [filter.namespace] : filter.namespaces;
  return namespaces && namespaces.length > 0 ? scopedFts(fts, namespaces) : fts;
}

/** SQL for the shared memory: entries in `memory_entries`, their words in the FTS5 table `memory_fts`. */
export class MemoryRepository {
  constructor(private readonly store: Store) {}

  find(namespace: string, key: string, nowMs: number): MemoryEntry | undefined {
    const row = this.store
      .prepare<[string, string, number], EntryRow>(
        `SELECT ${COLUMNS} FROM memory_entries e WHERE e.namespace = ? AND e.key = ? AND (e.expires_ms IS NULL OR e.expires_ms > ?)`,
      )
      .get(namespace, key, nowMs);
    return row ? toEntry(row) : undefined;
  }

  /**
   * Inserts or replaces the key's entry (its version goes up by one; a replaced entry gets a new rowid, so
   * rowids grow with the last write, which the search's window of newest matches relies on); returns it as stored.
   */
  upsert(entry: StoredEntry): MemoryEntry {
    const row = this.store
      .prepare<unknown[], EntryRow>(
        `INSERT INTO memory_entries AS e (namespace, key, value, kind, tags, author, version, created_at, updated_at, updated_ms, expires_at, expires_ms)
        VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
        ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, kind = excluded.kind, tags = excluded.tags, author = excluded.author,
          version = e.version + 1, id = (SELECT max(id) + 1 FROM memory_entries), updated_at = excluded.updated_at, updated_ms = excluded.updated_ms, expires_at = excluded.expires_at,
          expires_ms = excluded.expires_ms
        RETURNING ${COLUMNS.replaceAll('e.', '')}`,
      )
      .get(
        entry.namespace,
        entry.key,
        entry.value,
        entry.kind,
        JSON.stringify(entry.tags),
        entry.author,
        entry.at,
        entry.at,
        entry.atMs,
        entry.expiresAt,
        entry.expiresMs,
      )!;
    return toEntry(row);
  }

  /** Deletes the key's entry; an entry already expired counts as absent. */
  delete(namespace: string, key: string, nowMs: number): boolean {
    return (
      this.store
        .prepare(
          'DELETE FROM memory_entries WHERE namespace = ? AND key = ? AND (expires_ms IS NULL OR expires_ms > ?)',
        )
        .run(namespace, key, nowMs).changes === 1
    );
  }

  /** Live entries of a namespace (for its quota); an expired one still there will be swept. */
  count(namespace: string, nowMs: number): number {
    return this.store
      .prepare<[string, number], { n: number }>(
        'SELECT count(*) AS n FROM memory_entries WHERE namespace = ? AND (expires_ms IS NULL OR expires_ms > ?)',
      )
      .get(namespace, nowMs)!.n;
  }

  /** Live entries of a namespace this author wrote last. */
  countBy(namespace: string, author: string, nowMs: number): number {
    return this.store
      .prepare<[string, string, number], { n: number }>(
        'SELECT count(*) AS n FROM memory_entries WHERE namespace = ? AND author = ? AND (expires_ms IS NULL OR expires_ms > ?)',
      )
      .get(namespace, author, nowMs)!.n;
  }

  /** The bytes (key, value, tags) of the entries an author wrote that are still stored (memory_usage, kept by triggers). */
  bytesOf(author: string): number {
    return (
      this.store
        .prepare<[string], { bytes: number }>('SELECT bytes FROM memory_usage WHERE author = ?')
        .get(author)?.bytes ?? 0
    );
  }

  /**
   * The best `limit` matches the filter lets through, ranked by bm25 among the newest `MEMORY_RANK_WINDOW` of
   * them (newest first from FTS5, no lower rowid bound: a word in most entries reads only its newest postings;
   * ranking every match made a common word cost 31 ms at 100,000 entries), of the namespaces the filter lets
   * through only (`ftsWithin`). bm25 and snippets are computed here
   * from the rows read (`memory-ranking.ts`); with every match in the window, the order is FTS5's
   * `ORDER BY rank`. Equal ranks: newest first. The window reads only what ranking needs (rowid, key, value,
   * tags, FTS5's token counts); the whole entries are read for the `limit` returned.
   */
  search(query: MemoryQuery, filter: MemoryFilter, limit: number): MemoryHit[] {
    const { clauses, args } = whereOf(filter);
    const window = this.store
      .prepare<unknown[], RankedRow>(
        `SELECT e.id, e.key, e.value, e.tags, hex(d.sz) AS docsize FROM memory_fts f JOIN memory_entries e ON e.id = f.rowid
        JOIN memory_fts_docsize d ON d.id = f.rowid WHERE memory_fts MATCH ? AND ${clauses.join(' AND ')} ORDER BY f.rowid DESC${limitClause(MEMORY_RANK_WINDOW)}`,
      )
      .all(ftsWithin(query.fts, filter), ...args);
    const best = rankedRows(this.store, query, window)
      .sort((a, b) => a.rank - b.rank || b.row.id - a.row.id)
      .slice(0, limit);
    const entries = new Map(
      this.store
        .prepare<[string], EntryRow>(
          `SELECT ${COLUMNS} FROM memory_entries e WHERE e.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(best.map(({ row }) => row.id)))
        .map((row) => [row.id, row]),
    );
    return best.map(({ row, rank }) => ({
      entry: toEntry(entries.get(row.id)!),
      snippet: memorySnippetOf(row, query),
      rank,
    }));
  }

  list(filter: MemoryFilter, limit: number): MemoryEntry[] {
    const { clauses, args } = whereOf(filter);
    return this.store
      .prepare<unknown[], EntryRow>(
        `SELECT ${COLUMNS} FROM memory_entries e WHERE ${clauses.join(' AND ')} ORDER BY e.updated_ms DESC, e.id DESC${limitClause(limit)}`,
      )
      .all(...args)
      .map(toEntry);
  }

  namespaceCounts(filter: MemoryFilter): { namespace: string; entries: number }[] {
    const { clauses, args } = whereOf({ namespaces: filter.namespaces, nowMs: filter.nowMs });
    return this.store
      .prepare<unknown[], { namespace: string; entries: number }>(
        `SELECT e.namespace AS namespace, count(*) AS entries FROM memory_entries e
        WHERE ${clauses.join(' AND ')} GROUP BY e.namespace ORDER BY e.namespace`,
      )
      .all(...args);
  }

  /** Removes entries whose time is up; returns what went. */
  expire(nowMs: number): { namespace: string; key: string }[] {
    return this.store
      .prepare<[number], { namespace: string; key: string }>(
        'DELETE FROM memory_entries WHERE expires_ms <= ? RETURNING namespace, key',
      )
      .all(nowMs);
  }

  nextExpiry(): number | undefined {
    return (
      this.store
        .prepare<[], { at: number | null }>(
          'SELECT min(expires_ms) AS at FROM memory_entries WHERE expires_ms IS NOT NULL',
        )
        .get()?.at ?? undefined
    );
  }
}
