import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { Tracer } from '../ports/tracer';
import { CommitHooks, type CommitHook } from './commit-hooks';
import { GroupCommit, type SyncToDisk } from './group-commit';
import { migratedMemoryDatabase } from './memory-template';
import { transactionRunner } from './sqlite-transaction';
import { statementCache } from './statement-cache';
import { WalSync } from './wal-sync';

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
  /**
   * A data change SQL alone cannot judge (run in code, in the same transaction as its record). Unlike `rewrite`,
   * what it drops or changes is nothing secret: no secure delete, no VACUUM.
   */
  update?: (db: SqliteDatabase) => void;
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
  /**
   * `hook(true)` once the transaction being run commits (at once outside one), `hook(false)` if it is
   * rolled back: for in-memory copies patched with what was written, never with what was undone.
   */
  afterCommit(hook: CommitHook): void;
  /**
   * Resolves once every commit made before the call is on disk. Whoever acknowledges a write waits for
   * it first (the dispatcher does, for every call): with group commit, callers that wait together share
   * one fsync. Immediate when nothing was written since the last fsync, and for `:memory:`.
   */
  durable(): Promise<void>;
  close(): void;
}

export interface StoreOptions {
  /**
   * Group commit (default, for a file): commits go to the WAL without an fsync each (`synchronous =
   * NORMAL`) and `durable()` shares one fsync among everyone waiting. `false`: every commit is its own
   * fsync on the event loop (`synchronous = FULL`), as before issue 21's group commit.
   */
  groupCommit?: boolean;
  /** How written commits reach the disk (default: fdatasync of the `-wal` file). Tests take disk images here. */
  syncToDisk?: SyncToDisk;
}

/** How often commits made outside a transaction (autocommit statements) are synced when nobody asks. */
const BACKGROUND_SYNC_MS = 1_000;

export function openStore(
  path: string,
  domains: readonly DomainMigrations[],
  options: StoreOptions = {},
): Store {
  const onDisk = path !== ':memory:' && path !== '';
  // FULL while migrating; a file store then groups its commits (see groupCommitted). Either way nothing
  // acknowledged is lost, even on power loss.
  const connect = (db: SqliteDatabase) => {
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  };
  let db: SqliteDatabase;
  if (path === ':memory:') {
    db = migratedMemoryDatabase(domains, connect, (fresh) => applyMigrations(fresh, domains));
    connect(db);
  } else {
    if (onDisk) ownerOnly(path);
    db = new Database(path);
    if (onDisk) {
      db.pragma('journal_mode = WAL');
      // SQLite gives the WAL and SHM files its database's mode; ones left by an older run are fixed here.
      for (const companion of [`${path}-wal`, `${path}-shm`, `${path}-journal`])
        if (existsSync(companion)) chmodSync(companion, 0o600);
    }
    connect(db);
    applyMigrations(db, domains);
  }
  // Temporary b-trees (ORDER BY … LIMIT without an index in that order, e.g. every inbox query, `pending`)
  // in memory: with the default (a temporary file) each such query cost ~1 ms even when it found no row
  // (issue 21's HTTP profile: 10 % of the host's busy time in the inbox query). Set after the migrations,
  // so a migration's VACUUM still builds its copy in a file, not in memory.
  db.pragma('temp_store = MEMORY');
  const hooks = new CommitHooks(db);
  const inTransaction = transactionRunner(db);
  if (!onDisk || options.groupCommit === false) {
    return {
      db,
      prepare: statementCache(db),
      transaction: (work) => hooks.run(() => inTransaction(work)),
      afterCommit: (hook) => hooks.add(hook),
      durable: () => Promise.resolve(),
      close: () => db.close(),
    };
  }
  return groupCommitted(db, path, hooks, inTransaction, options.syncToDisk);
}

/**
 * A file store with group commit: SQLite keeps the WAL consistent (`synchronous = NORMAL` still syncs
 * around checkpoints), `durable()` makes it durable. A commit nobody waits for is synced soon anyway
 * (right after a transaction, at most `BACKGROUND_SYNC_MS` after an autocommit statement): observers
 * (events, the UI) may see a commit up to one fsync before it is on disk; acknowledgments never.
 */
function groupCommitted(
  db: SqliteDatabase,
  path: string,
  hooks: CommitHooks,
  inTransaction: <T>(work: () => T) => T,
  syncToDisk: SyncToDisk | undefined,
): Store {
  db.pragma('synchronous = NORMAL');
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  const wal = new WalSync(path);
  const group = new GroupCommit(() => changes.get()!, syncToDisk ?? (() => wal.sync()));
  let soon = false;
  const syncSoon = () => {
    if (soon) return;
    soon = true;
    setImmediate(() => {
      soon = false;
      // A failure here is not lost: the next durable() tries again and its caller sees the error.
      if (group.pending) group.durable().catch(() => undefined);
    });
  };
  const background = setInterval(syncSoon, BACKGROUND_SYNC_MS);
  background.unref();
  return {
    db,
    prepare: statementCache(db),
    transaction: (work) => {
      try {
        return hooks.run(() => inTransaction(work));
      } finally {
        if (!db.inTransaction) syncSoon();
      }
    },
    afterCommit: (hook) => hooks.add(hook),
    durable: () => group.durable(),
    close: () => {
      clearInterval(background);
      const flushed = group.close(() => wal.syncNow());
      db.close();
      void flushed.then(() => wal.close());
    },
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
  let rewritten = false;
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
  // Every pending migration in one transaction (each still all-or-nothing, a savepoint of its own): one commit,
  // one fsync. A migration per commit made a new database's start (~50 migrations, `synchronous = FULL`) ~50
  // fsyncs — 0.2 s on an idle disk, over a second on a busy one, most of a fresh host's start. A failed migration
  // now leaves the schema as it was before this open: the next start applies them all again.
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      domain TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL,
      PRIMARY KEY (domain, version))`);
    const applied = db.prepare<[string], { version: number }>(
      'SELECT max(version) AS version FROM schema_migrations WHERE domain = ?',
    );
    const record = db.prepare(
      'INSERT INTO schema_migrations (domain, version, description, applied_at) VALUES (?, ?, ?, ?)',
    );
    for (const { domain, migrations } of domains) {
      const current = applied.get(domain)?.version ?? 0;
      const pending = [...migrations]
        .filter((m) => m.version > current)
        .sort((a, b) => a.version - b.version);
      for (const migration of pending) {
        if (migration.rewrite) db.pragma('secure_delete = ON');
        db.transaction(() => {
          if (migration.sql) db.exec(migration.sql);
          migration.rewrite?.(db);
          migration.update?.(db);
          record.run(domain, migration.version, migration.description, new Date().toISOString());
        })();
        rewritten ||= migration.rewrite !== undefined;
      }
    }
  })();
  if (rewritten) {
    // Pages freed before secure_delete was on are rebuilt away; the WAL's older page versions go with its truncation.
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`secure_delete = ${secureDelete}`);
  }
}
