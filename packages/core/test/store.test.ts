import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index';

describe('store migrations', () => {
  it('apply once per domain, in order, and only the new ones on reopen', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
    const v1 = { domain: 'demo', migrations: [{ version: 1, description: 'one', sql: 'CREATE TABLE a (x INTEGER)' }] };
    openStore(path, [v1]).close();
    const v2 = { domain: 'demo', migrations: [...v1.migrations, { version: 2, description: 'two', sql: 'ALTER TABLE a ADD COLUMN y TEXT' }] };
    const store = openStore(path, [v2]);
    const rows = store.db.prepare('SELECT domain, version FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual([{ domain: 'demo', version: 1 }, { domain: 'demo', version: 2 }]);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('rolls a failing migration back entirely', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'db.sqlite');
    const bad = { domain: 'demo', migrations: [{ version: 1, description: 'bad', sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);' }] };
    expect(() => openStore(path, [bad])).toThrow();
    const store = openStore(path, []);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
    store.close();
  });
});
