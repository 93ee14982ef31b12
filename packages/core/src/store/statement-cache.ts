import type { Database, Statement } from 'better-sqlite3';

/** SQL texts kept prepared per database; the least recently used beyond this is dropped (IN-lists make many texts). */
const MAX_STATEMENTS = 512;

/**
 * Prepares each SQL text once per database. Preparing is most of the cost of a small query in
 * better-sqlite3 (bench/approvals.ts measured ~20% of the approval path; the CPU profile of
 * bench/messaging.ts ~4% of the message path), and hot paths repeat the same few statements.
 * Statements are shared: callers must not switch them into pluck/raw/expand modes.
 */
export function statementCache(db: Database) {
  const cache = new Map<string, unknown>();
  return function prepared<P extends unknown[] | object = unknown[], R = unknown>(
    sql: string,
  ): Statement<P, R> {
    let statement = cache.get(sql) as Statement<P, R> | undefined;
    if (statement) {
      cache.delete(sql);
    } else {
      statement = db.prepare<P, R>(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
}
