import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepares each SQL text once per database. Preparing is most of the cost of a small query in
 * better-sqlite3 (bench/approvals.ts measured ~20% of the approval path), and hot paths repeat the same
 * few statements.
 */
export function statementCache(db: Database) {
  const cache = new Map<string, unknown>();
  return function prepared<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = cache.get(sql) as Statement<P, R> | undefined;
    if (!statement) {
      statement = db.prepare<P, R>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
