import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index';

describe('store migrations', () => {
  it('apply once per domain, in order, and only the new ones on reopen', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
    const v1 = {
      domain: 'demo',
      migrations: [{ version: 1, description: 'one', sql: 'CREATE TABLE a (x INTEGER)' }],
    };
    openStore(path, [v1]).close();
    const v2 = {
      domain: 'demo',
      migrations: [
        ...v1.migrations,
        { version: 2, description: 'two', sql: 'ALTER TABLE a ADD COLUMN y TEXT' },
      ],
    };
    const store = openStore(path, [v2]);
    const rows = store.db.prepare('SELECT domain, version FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual([
      { domain: 'demo', version: 1 },
      { domain: 'demo', version: 2 },
    ]);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('rolls a failing migration back entirely', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
    const bad = {
      domain: 'demo',
      migrations: [
        { version: 1, description: 'bad', sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);' },
      ],
    };
    expect(() => openStore(path, [bad])).toThrow();
    const store = openStore(path, []);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
    store.close();
  });

  it("applies a new database's pending migrations as one commit: a failing one leaves none applied", () => {
    // One transaction for all of them (each a savepoint): a fresh host's ~50 migrations were ~50 fsyncs.
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
    const good = {
      domain: 'first',
      migrations: [{ version: 1, description: 'good', sql: 'CREATE TABLE a (x INTEGER)' }],
    };
    const bad = {
      domain: 'second',
      migrations: [{ version: 1, description: 'bad', sql: 'CREATE TABLE a (y INTEGER)' }],
    };
    expect(() => openStore(path, [good, bad])).toThrow(/already exists/);
    const store = openStore(path, []);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
    expect(store.db.prepare('SELECT domain, version FROM schema_migrations').all()).toEqual([]);
    store.close();
    const again = openStore(path, [good]);
    expect(again.db.prepare('SELECT domain, version FROM schema_migrations').all()).toEqual([
      { domain: 'first', version: 1 },
    ]);
    again.close();
  });
});

describe('in-memory stores', () => {
  it('start as a copy of one migrated database per migration set: migrated once, each copy its own', () => {
    let rewrites = 0;
    const domain = {
      domain: `template-${Math.random()}`,
      migrations: [
        { version: 1, description: 'table', sql: 'CREATE TABLE t (x INTEGER)' },
        { version: 2, description: 'seed', sql: 'INSERT INTO t (x) VALUES (7)' },
        { version: 3, description: 'data', rewrite: () => void rewrites++ },
        { version: 4, description: 'index', sql: 'CREATE INDEX t_x ON t(x)' },
      ],
    };
    const rows = (store: { db: { prepare: (sql: string) => { all: () => unknown[] } } }) =>
      store.db.prepare('SELECT x FROM t ORDER BY x').all();
    const first = openStore(':memory:', [domain]);
    first.db.prepare('INSERT INTO t (x) VALUES (1)').run();
    const second = openStore(':memory:', [domain]);
    expect(rewrites).toBe(1);
    expect(rows(first)).toEqual([{ x: 1 }, { x: 7 }]);
    expect(rows(second)).toEqual([{ x: 7 }]);
    expect(second.db.prepare('SELECT domain, version FROM schema_migrations ORDER BY version').all()).toEqual(
      [1, 2, 3, 4].map((version) => ({ domain: domain.domain, version })),
    );
    expect(
      second.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 't_x'").all(),
    ).toHaveLength(1);
    expect(second.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Another set (one more migration) is migrated on its own.
    const third = openStore(':memory:', [
      {
        ...domain,
        migrations: [
          ...domain.migrations,
          { version: 5, description: 'more', sql: 'ALTER TABLE t ADD COLUMN y TEXT' },
        ],
      },
    ]);
    expect(rewrites).toBe(2);
    expect(third.db.prepare('SELECT x, y FROM t').all()).toEqual([{ x: 7, y: null }]);
    for (const store of [first, second, third]) store.close();
  });
});

describe('store file permissions', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('creates the database, WAL and SHM owner-only (0600) whatever the umask', () => {
    const previous = process.umask(0o022);
    try {
      const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
      const store = openStore(path, []);
      store.db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
      expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual([0o600, 0o600, 0o600]);
      store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('makes an existing world-readable database 0600 on open', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
    openStore(path, []).close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-shm`, Buffer.alloc(0), { mode: 0o644 });
    chmodSync(`${path}-shm`, 0o644);
    const store = openStore(path, []);
    expect([mode(path), mode(`${path}-shm`)]).toEqual([0o600, 0o600]);
    store.close();
  });
});
