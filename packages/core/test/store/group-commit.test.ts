import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/index';

const table = {
  domain: 'demo',
  migrations: [{ version: 1, description: 'rows', sql: 'CREATE TABLE rows (x INTEGER)' }],
};

/** An fsync the test finishes (or fails) by hand, counting how many began. */
function heldSyncs() {
  const started: { finish: () => void; fail: (error: Error) => void }[] = [];
  const syncToDisk = () =>
    new Promise<void>((finish, fail) => {
      started.push({ finish, fail });
    });
  return { started, syncToDisk };
}

/** Whether a promise has settled yet (after the event loop has had a few turns). */
function watch(promise: Promise<void>) {
  const seen = { settled: false, failed: undefined as unknown };
  promise.then(
    () => (seen.settled = true),
    (error: unknown) => {
      seen.settled = true;
      seen.failed = error;
    },
  );
  return seen;
}
const turns = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const folder = () => mkdtempSync(join(tmpdir(), 'sb-group-commit-'));
const open: Store[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});
function storeWith(syncToDisk: () => Promise<void>, path = join(folder(), 'db.sqlite')): Store {
  const store = openStore(path, [table], { syncToDisk });
  open.push(store);
  return store;
}
const insert = (store: Store, x: number) =>
  store.transaction(() => store.prepare('INSERT INTO rows (x) VALUES (?)').run(x));

describe('group commit', () => {
  it('acknowledges a commit only after an fsync that began after it has finished', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    insert(store, 1);
    const acknowledged = watch(store.durable());
    await turns();
    expect(started).toHaveLength(1);
    expect(acknowledged.settled).toBe(false);
    started[0]!.finish();
    await turns();
    expect(acknowledged).toEqual({ settled: true, failed: undefined });
  });

  it('lets commits that wait together share one fsync', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    const waits = [1, 2, 3, 4, 5].map((x) => {
      insert(store, x);
      return watch(store.durable());
    });
    await turns();
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await turns();
    expect(waits.every((w) => w.settled && w.failed === undefined)).toBe(true);
    expect(started).toHaveLength(1);
  });

  it('makes a commit written while an fsync runs wait for the next fsync', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    insert(store, 1);
    const first = watch(store.durable());
    await turns();
    expect(started).toHaveLength(1);
    insert(store, 2);
    const second = watch(store.durable());
    started[0]!.finish();
    await turns();
    expect(first.settled).toBe(true);
    expect(second.settled).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await turns();
    expect(second).toEqual({ settled: true, failed: undefined });
  });

  it('answers callers waiting for the same fsync in the order they asked (a read asked later never overtakes one asked before)', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    const answered: string[] = [];
    insert(store, 1);
    void store.durable().then(() => answered.push('writer'));
    await turns();
    insert(store, 2);
    // Asked while the first fsync runs: waits for the next one.
    void store.durable().then(() => answered.push('earlier read'));
    started[0]!.finish();
    await turns();
    expect(started).toHaveLength(2);
    // Nothing written since the second fsync began: this one waits for it too.
    void store.durable().then(() => answered.push('later read'));
    started[1]!.finish();
    await turns();
    expect(answered).toEqual(['writer', 'earlier read', 'later read']);
  });

  it('costs no fsync when nothing was written', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    store.prepare('SELECT count(*) FROM rows').get();
    const acknowledged = watch(store.durable());
    await turns();
    expect(acknowledged.settled).toBe(true);
    expect(started).toHaveLength(0);
  });

  it('fails the acknowledgment when the fsync fails, and tries again for the next caller', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    insert(store, 1);
    const failed = watch(store.durable());
    await turns();
    started[0]!.fail(new Error('EIO'));
    await turns();
    expect(failed.settled).toBe(true);
    expect(String(failed.failed)).toContain('EIO');
    const retried = watch(store.durable());
    await turns();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await turns();
    expect(retried).toEqual({ settled: true, failed: undefined });
  });

  it('syncs soon after a commit even when nobody waits (a background write is on disk within an fsync)', async () => {
    const { started, syncToDisk } = heldSyncs();
    const store = storeWith(syncToDisk);
    insert(store, 1);
    await turns();
    expect(started).toHaveLength(1);
  });

  it('puts what is waiting on disk when the store closes and answers the waiting', async () => {
    const { syncToDisk } = heldSyncs();
    const path = join(folder(), 'db.sqlite');
    const store = openStore(path, [table], { syncToDisk });
    insert(store, 7);
    const acknowledged = watch(store.durable());
    store.close();
    await turns();
    expect(acknowledged).toEqual({ settled: true, failed: undefined });
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT x FROM rows').all()).toEqual([{ x: 7 }]);
    reopened.close();
  });

  it('runs SQLite at synchronous = NORMAL under group commit, FULL (an fsync per commit) without it', () => {
    const grouped = storeWith(async () => undefined);
    expect(grouped.db.pragma('synchronous', { simple: true })).toBe(1);
    const each = openStore(join(folder(), 'db.sqlite'), [table], { groupCommit: false });
    open.push(each);
    expect(each.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('fsyncs the real WAL file by default', async () => {
    const path = join(folder(), 'db.sqlite');
    const store = openStore(path, [table]);
    open.push(store);
    insert(store, 1);
    await store.durable();
    expect(existsSync(`${path}-wal`)).toBe(true);
    const other = new Database(path, { readonly: true });
    expect(other.prepare('SELECT x FROM rows').all()).toEqual([{ x: 1 }]);
    other.close();
  });
});
