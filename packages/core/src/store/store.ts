import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { Tracer } from '../ports/tracer';
import { statementCache } from './statement-cache';

/** One domain's schema changes, applied in order and recorded, so each runs exactly once per database. */
export interface Migration {
  /** Increasing within its domain, starting at 1. */
  version: number;
  description: string;
  sql?: string;
  /**
   * A data migration: rewrites stored values (in the same transaction as its record). What it overwrote
   * must not survive on disk, so it runs with secure_delete on, and the file is vacuumed and the WAL
   * checkpointed and truncated once every migration is in.
   */
  rewrite?: (db: SqliteDatabase) => void;
}

export interface DomainMigrations {
  domain: string;
  migrations: readonly Migration[];
}

/** The SQLite store: one database file (or `:memory:`), WAL, per-domain numbered migrations. */
export interface Store {
  readonly db: SqliteDatabase;
  /** The statement for this SQL text, prepared once and reused (see statement-cache). */
  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R>;
  transaction<T>(work: () => T): T;
  close(): void;
}

export function openStore(path: string, domains: readonly DomainMigrations[]): Store {
  const onDisk = path !== ':memory:' && path !== '';
  if (onDisk) ownerOnly(path);
  const db = new Database(path);
  if (onDisk) {
    db.pragma('journal_mode = WAL');
    // SQLite gives the WAL and SHM files its database's mode; ones left by an older run are fixed here.
    for (const companion of [`${path}-wal`, `${path}-shm`, `${path}-journal`])
      if (existsSync(companion)) chmodSync(companion, 0o600);
  }
  // FULL: a commit is on disk before it is acknowledged, so nothing acknowledged is lost even on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, domains);
  return {
    db,
    prepare: statementCache(db),
    transaction: (work) => db.transaction(work)(),
    close: () => db.close(),
  };
}

/**
 * The store with each transaction a `store.transaction` span, when it runs inside a trace (a transaction
 * outside any trace, e.g. a timer's, makes no span). Migrations run before and are not traced.
 */
export function tracedStore(store: Store, tracer: Tracer): Store {
  if (!tracer.enabled) return store;
  return {
    ...store,
    transaction: (work) =>
      tracer.traceparent() === undefined
        ? store.transaction(work)
        : tracer.span('store.transaction', {}, () => store.transaction(work)),
  };
}

/** Creates the database file 0600 before SQLite opens it (SQLite copies its mode to WAL and SHM), and makes an existing one 0600. */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

function applyMigrations(db: SqliteDatabase, domains: readonly DomainMigrations[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    domain TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (domain, version))`);
  const applied = db.prepare<[string], { version: number }>(
    'SELECT max(version) AS version FROM schema_migrations WHERE domain = ?',
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (domain, version, description, applied_at) VALUES (?, ?, ?, ?)',
  );
  let rewritten = false;
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
  for (const { domain, migrations } of domains) {
    const current = applied.get(domain)?.version ?? 0;
    const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      if (migration.rewrite) db.pragma('secure_delete = ON');
      db.transaction(() => {
        if (migration.sql) db.exec(migration.sql);
        migration.rewrite?.(db);
        record.run(domain, migration.version, migration.description, new Date().toISOString());
      })();
      rewritten ||= migration.rewrite !== undefined;
    }
  }
  if (rewritten) {
    // Pages freed before secure_delete was on are rebuilt away; the WAL's older page versions go with its truncation.
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`secure_delete = ${secureDelete}`);
  }
}
