// TransactionBatch: writes that arrive in the same turn of the event loop are committed in ONE
// transaction; a write that fails is undone alone (its savepoint), its caller hears its own error and
// its commit hooks hear false; what follows a commit runs only after the group's COMMIT. A second
// connection to the file sees only committed state, so it shows what each commit held.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/index';
import { TransactionBatch, type Written } from '../../src/store/transaction-batch';

const table = {
  domain: 'demo',
  migrations: [{ version: 1, description: 'rows', sql: 'CREATE TABLE rows (x INTEGER)' }],
};

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((close) => close()));

function setup() {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-batch-')), 'db.sqlite');
  const store = openStore(path, [table]);
  const observer = new Database(path, { readonly: true });
  cleanup.push(
    () => observer.close(),
    () => store.close(),
  );
  const committedRows = () =>
    observer
      .prepare<[], { x: number }>('SELECT x FROM rows ORDER BY x')
      .all()
      .map((r) => r.x);
  const heard: string[] = [];
  /** A write as a domain makes one: its own transaction (a savepoint in a group), a commit hook, an after-commit step. */
  const write = (store: Store, x: number, fail?: 'inside' | 'ends-transaction') => () => {
    store.transaction(() => {
      store.prepare('INSERT INTO rows (x) VALUES (?)').run(x);
      store.afterCommit((committed) => heard.push(`hook ${x}:${committed}`));
      if (fail === 'ends-transaction') store.db.exec('ROLLBACK'); // as SQLite does on a full disk
      if (fail) throw new Error(`write ${x} failed`);
    });
    return { value: x, afterCommit: () => heard.push(`after ${x}: committed ${committedRows().join(',')}`) };
  };
  return {
    store,
    committedRows,
    heard,
    write: (x: number, fail?: 'inside' | 'ends-transaction') => write(store, x, fail),
  };
}

/** Queues the writes in one turn and waits for all: each caller's value, or its error's message. */
async function settled(batch: TransactionBatch, writes: (() => Written<number>)[]) {
  const outcomes = await Promise.allSettled(writes.map((write) => batch.run(write)));
  return outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message));
}

describe('TransactionBatch', () => {
  it('commits writes that arrive together in one transaction; what follows sees them all committed', async () => {
    const { store, committedRows, heard, write } = setup();
    const batch = new TransactionBatch(store);
    const answers = Promise.all([batch.run(write(1)), batch.run(write(2)), batch.run(write(3))]);
    expect(committedRows()).toEqual([]); // queued, not written yet: the group runs at the end of the turn
    expect(await answers).toEqual([1, 2, 3]);
    // The first write's after-commit step already saw the third write committed: one COMMIT for the three.
    expect(heard).toEqual([
      'hook 1:true',
      'hook 2:true',
      'hook 3:true',
      'after 1: committed 1,2,3',
      'after 2: committed 1,2,3',
      'after 3: committed 1,2,3',
    ]);
  });

  it('undoes a failed write alone: its caller gets its error, its hook hears false, the others commit', async () => {
    const { store, committedRows, heard, write } = setup();
    const batch = new TransactionBatch(store);
    expect(await settled(batch, [write(1), write(2, 'inside'), write(3)])).toEqual([1, 'write 2 failed', 3]);
    expect(committedRows()).toEqual([1, 3]);
    expect(heard).toEqual([
      'hook 2:false',
      'hook 1:true',
      'hook 3:true',
      'after 1: committed 1,3',
      'after 3: committed 1,3',
    ]);
  });

  it('fails the whole group when SQLite ended the transaction: nothing stands, every hook hears false', async () => {
    const { store, committedRows, heard, write } = setup();
    const batch = new TransactionBatch(store);
    // Every caller hears the error that ended the transaction.
    expect(await settled(batch, [write(1), write(2, 'ends-transaction'), write(3)])).toEqual([
      'write 2 failed',
      'write 2 failed',
      'write 2 failed',
    ]);
    expect(committedRows()).toEqual([]);
    // Write 3 never ran outside a transaction: it was not attempted at all.
    expect(heard).toEqual(['hook 2:false', 'hook 1:false']);
    // The store is usable afterwards.
    expect(await batch.run(write(4))).toBe(4);
    expect(committedRows()).toEqual([4]);
  });

  it('a lone write is its own transaction; flush() commits what is queued at once', async () => {
    const { store, committedRows, write } = setup();
    const batch = new TransactionBatch(store);
    const answer = batch.run(write(7));
    batch.flush();
    expect(committedRows()).toEqual([7]);
    expect(await answer).toBe(7);
  });
});
