import type { MemoryEntry, MemoryHit } from '@switchboard/protocol';
import type { Store } from '../store/store';

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

  /** Inserts or replaces the key's entry (its version goes up by one); returns it as stored. */
  upsert(entry: StoredEntry): MemoryEntry {
    const row = this.store
      .prepare<unknown[], EntryRow>(
        `INSERT INTO memory_entries AS e (namespace, key, value, kind, tags, author, version, created_at, updated_at, updated_ms, expires_at, expires_ms)
        VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
        ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, kind = excluded.kind, tags = excluded.tags, author = excluded.author,
          version = e.version + 1, updated_at = excluded.updated_at, updated_ms = excluded.updated_ms, expires_at = excluded.expires_at,
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

  /**
   * The best `limit` matches, in two steps: rank every match (bm25 as configured on the table, key
   * matches weighing most) keeping ids only, then read and snippet just those. One query doing both
   * would build a snippet and carry the value for every match before sorting (a common word matches
   * most entries).
   */
  search(ftsQuery: string, filter: MemoryFilter, limit: number): MemoryHit[] {
    const { clauses, args } = whereOf(filter);
    const ranked = this.store
      .prepare<unknown[], { id: number; rank: number }>(
        `SELECT memory_fts.rowid AS id, memory_fts.rank AS rank
        FROM memory_fts JOIN memory_entries e ON e.id = memory_fts.rowid
        WHERE memory_fts MATCH ? AND ${clauses.join(' AND ')} ORDER BY memory_fts.rank LIMIT ?`,
      )
      .all(ftsQuery, ...args, limit);
    // `rowid IN (…)`, not one `rowid = ?` query per hit: with MATCH, FTS5 here answered `rowid = ?` with the first match.
    const snippets = new Map(
      this.store
        .prepare<[string, string], { id: number; snippet: string }>(
          `SELECT rowid AS id, snippet(memory_fts, -1, '⟦', '⟧', '…', 16) AS snippet
          FROM memory_fts WHERE memory_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
        )
        .all(ftsQuery, JSON.stringify(ranked.map((hit) => hit.id)))
        .map((row) => [row.id, row.snippet]),
    );
    const entryOf = this.store.prepare<[number], EntryRow>(
      `SELECT ${COLUMNS} FROM memory_entries e WHERE e.id = ?`,
    );
    return ranked.map(({ id, rank }) => ({
      entry: toEntry(entryOf.get(id)!),
      snippet: snippets.get(id) ?? '',
      rank,
    }));
  }

  list(filter: MemoryFilter, limit: number): MemoryEntry[] {
    const { clauses, args } = whereOf(filter);
    return this.store
      .prepare<unknown[], EntryRow>(
        `SELECT ${COLUMNS} FROM memory_entries e WHERE ${clauses.join(' AND ')} ORDER BY e.updated_ms DESC, e.id DESC LIMIT ?`,
      )
      .all(...args, limit)
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
