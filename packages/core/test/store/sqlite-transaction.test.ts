// The store's transactions: committed when the work returns, rolled back when it throws; nested ones are
// savepoints undone alone; SQLite ending the transaction itself leaves nothing to undo and the work's error
// stands. All without better-sqlite3's `db.transaction` (it builds four wrapper functions per call).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/index';

const table = {
  domain: 'demo',
  migrations: [{ version: 1, description: 'rows', sql: 'CREATE TABLE rows (x INTEGER PRIMARY KEY)' }],
};

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((close) => close()));

for (const kind of ['file', 'memory'] as const) {
  describe(`the store's transactions (${kind})`, () => {
    function setup() {
      const path = kind === 'file' ? join(mkdtempSync(join(tmpdir(), 'sb-tx-')), 'db.sqlite') : ':memory:';
      const store = openStore(path, [table]);
      cleanup.push(() => store.close());
      const insert = (x: number) => store.prepare('INSERT INTO rows (x) VALUES (?)').run(x);
      const rows = () =>
        store
          .prepare<[], { x: number }>('SELECT x FROM rows ORDER BY x')
          .all()
          .map((r) => r.x);
      return { store, insert, rows };
    }

    it('commits what the work wrote and returns its result', () => {
      const { store, insert, rows } = setup();
      expect(store.transaction(() => (insert(1), insert(2), 'done'))).toBe('done');
      expect(store.db.inTransaction).toBe(false);
      expect(rows()).toEqual([1, 2]);
    });

    it('rolls everything back when the work throws, and the caller hears that error', () => {
      const { store, insert, rows } = setup();
      expect(() =>
        store.transaction(() => {
          insert(1);
          throw new Error('no');
        }),
      ).toThrow('no');
      expect(store.db.inTransaction).toBe(false);
      expect(rows()).toEqual([]);
    });

    it('undoes a nested transaction that throws alone; the enclosing one commits the rest', () => {
      const { store, insert, rows } = setup();
      const heard: boolean[] = [];
      store.transaction(() => {
        insert(1);
        try {
          store.transaction(() => {
            insert(2);
            store.afterCommit((committed) => heard.push(committed));
            throw new Error('inner');
          });
        } catch {
          // the enclosing transaction goes on
        }
        store.transaction(() => insert(3));
      });
      expect(rows()).toEqual([1, 3]);
      expect(heard).toEqual([false]);
    });

    it('refuses work that returns a promise, and undoes what it wrote', () => {
      const { store, insert, rows } = setup();
      expect(() => store.transaction(() => (insert(1), Promise.resolve()))).toThrow(TypeError);
      expect(rows()).toEqual([]);
    });

    it('a transaction SQLite ended itself (INSERT OR ROLLBACK) throws its own error and leaves the store usable', () => {
      const { store, insert, rows } = setup();
      insert(7);
      expect(() =>
        store.transaction(() => {
          insert(1);
          store.transaction(() => store.prepare('INSERT OR ROLLBACK INTO rows (x) VALUES (7)').run());
        }),
      ).toThrow(/UNIQUE/);
      expect(store.db.inTransaction).toBe(false);
      expect(rows()).toEqual([7]);
      store.transaction(() => insert(2));
      expect(rows()).toEqual([2, 7]);
    });

    it('builds no better-sqlite3 transaction wrapper per call', () => {
      const { store, insert, rows } = setup();
      store.db.transaction = () => {
        throw new Error('db.transaction called');
      };
      store.transaction(() => store.transaction(() => insert(1)));
      expect(rows()).toEqual([1]);
    });
  });
}

it('nests with a savepoint better-sqlite3 opened itself', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-tx-')), 'db.sqlite');
  const store: Store = openStore(path, [table]);
  cleanup.push(() => store.close());
  store.db.transaction(() => {
    store.prepare('INSERT INTO rows (x) VALUES (1)').run();
    expect(() =>
      store.transaction(() => {
        store.prepare('INSERT INTO rows (x) VALUES (2)').run();
        throw new Error('inner');
      }),
    ).toThrow('inner');
  })();
  const observer = new Database(path, { readonly: true });
  cleanup.push(() => observer.close());
  expect(observer.prepare('SELECT x FROM rows').pluck().all()).toEqual([1]);
});
