// Store.afterCommit: work that follows what a transaction wrote runs only once it is committed, and
// hears a rollback (also of a nested transaction whose error an enclosing one caught) instead.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/index';

const table = {
  domain: 'demo',
  migrations: [{ version: 1, description: 'rows', sql: 'CREATE TABLE rows (x INTEGER)' }],
};

function setup() {
  const store = openStore(':memory:', [table]);
  const heard: string[] = [];
  const insert = (x: number) => store.prepare('INSERT INTO rows (x) VALUES (?)').run(x);
  const hook = (name: string) => store.afterCommit((committed) => heard.push(`${name}:${committed}`));
  const rows = () =>
    store
      .prepare<[], { x: number }>('SELECT x FROM rows ORDER BY x')
      .all()
      .map((r) => r.x);
  return { store, heard, insert, hook, rows };
}

describe('Store.afterCommit', () => {
  it('runs after the outermost commit, not inside the transaction; at once outside one', () => {
    const { store, heard, insert, hook } = setup();
    store.transaction(() => {
      insert(1);
      hook('a');
      store.transaction(() => hook('inner'));
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(['a:true', 'inner:true']);
    hook('outside');
    expect(heard.at(-1)).toBe('outside:true');
  });

  it('tells a rolled-back transaction apart: the hook hears false and the rows are gone', () => {
    const { store, heard, insert, hook, rows } = setup();
    expect(() =>
      store.transaction(() => {
        insert(1);
        hook('a');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(heard).toEqual(['a:false']);
    expect(rows()).toEqual([]);
  });

  it('a nested transaction rolled back while the enclosing one commits: only its own hooks hear false', () => {
    const { store, heard, insert, hook, rows } = setup();
    store.transaction(() => {
      insert(1);
      hook('outer');
      try {
        store.transaction(() => {
          insert(2);
          hook('inner');
          throw new Error('undo the savepoint');
        });
      } catch {
        // the enclosing transaction carries on
      }
      expect(heard).toEqual(['inner:false']);
    });
    expect(heard).toEqual(['inner:false', 'outer:true']);
    expect(rows()).toEqual([1]);
  });

  it('a transaction opened on the database directly: the outcome is unknown, the hook hears false', () => {
    const { store, heard, hook } = setup();
    store.db.transaction(() => hook('raw'))();
    expect(heard).toEqual(['raw:false']);
  });

  it('a hook that throws after the commit: the others still run, the caller hears it, the writes stand', () => {
    const { store, heard, insert, hook, rows } = setup();
    expect(() =>
      store.transaction(() => {
        insert(1);
        store.afterCommit(() => {
          throw new Error('hook failed');
        });
        hook('after');
      }),
    ).toThrow('hook failed');
    expect(heard).toEqual(['after:true']);
    expect(rows()).toEqual([1]);
  });
});
