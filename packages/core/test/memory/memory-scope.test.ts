import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryHit } from '@switchboard/protocol';
import { coreMigrations } from '../../src/core-migrations';
import { scopedFts, scopeTokenOf } from '../../src/memory/memory-scope';
import { openStore } from '../../src/store/store';
import { createWorld, type World } from '../support/world';

let world: World | undefined;
afterEach(async () => {
  await world?.orchestrator.close();
  world = undefined;
});

const found = async (call: Promise<unknown>) =>
  ((await call) as { hits: MemoryHit[] }).hits.map((hit) => `${hit.entry.namespace}/${hit.entry.key}`).sort();

/** The rowids FTS5 itself returns for a query (no join, no namespace check). */
const ftsRowids = (databasePath: string, fts: string) => {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db
      .prepare<[string], { rowid: number }>(
        'SELECT rowid FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rowid',
      )
      .all(fts)
      .map((row) => row.rowid);
  } finally {
    db.close();
  }
};

describe("shared memory search: the index knows each entry's namespace", () => {
  it('a database from before the scope column is indexed by namespace once migrated: FTS5 returns only the asked namespaces, every entry still found', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'memory-scope-')), 'switchboard.db');
    const before = coreMigrations.map((domain) =>
      domain.domain === 'memory' ? { ...domain, migrations: domain.migrations.slice(0, 2) } : domain,
    );
    const store = openStore(databasePath, before);
    const insert = store.db.prepare(
      `INSERT INTO memory_entries (namespace, key, value, kind, tags, author, version, created_at, updated_at, updated_ms)
      VALUES (?, ?, ?, 'text', '[]', 'human', 1, '2026-12-06T00:00:00.000Z', '2026-12-06T00:00:00.000Z', 0)`,
    );
    const namespaces = ['global', 'agent:ghost', 'team:t-1', 'plan:p-1', 'agent:ghost-2'];
    store.db.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run(namespaces[i % 5], `note-${i}`, `release notes number ${i}`);
    })();
    store.close();

    world = createWorld(databasePath);
    await world.orchestrator.ready;
    for (const [n, namespace] of namespaces.entries()) {
      const rowids = ftsRowids(databasePath, scopedFts('"release"', [namespace]));
      // Rowids 1..50 in order of insertion: namespace n holds n+1, n+6, …
      expect(rowids, namespace).toEqual(Array.from({ length: 10 }, (_, i) => n + 1 + i * 5));
    }
    // A namespace is its own token: `agent:ghost` is not a prefix of `agent:ghost-2`'s.
    expect(ftsRowids(databasePath, scopedFts('"release"', ['agent:ghost', 'plan:p-1']))).toHaveLength(20);
    expect(await found(world.human('memory.search', { query: 'release', limit: 100 }))).toHaveLength(50);

    // An agent reads global (and its own), never agent:ghost's; entries written now are indexed by namespace too.
    const alice = await world.spawn('alice');
    await world.as(alice)('memory.put', { namespace: 'agent', key: 'mine', value: 'my release' });
    const hits = await found(world.as(alice)('memory.search', { query: 'release', limit: 100 }));
    expect(hits).toHaveLength(11);
    expect(hits).toContain(`agent:${alice.id}/mine`);
    expect(hits.every((hit) => hit.startsWith('global/') || hit.startsWith(`agent:${alice.id}/`))).toBe(true);
    expect(ftsRowids(databasePath, scopedFts('"release"', [`agent:${alice.id}`]))).toHaveLength(1);
  });

  it("no typed word matches a scope token, and hostile queries never show an agent another's private entries", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'memory-scope-')), 'switchboard.db');
    world = createWorld(databasePath);
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob', 'orchestrator');
    for (let i = 0; i < 5; i++)
      await world.as(bob)('memory.put', {
        namespace: 'agent',
        key: `bob-${i}`,
        value: `bob private plan ${i}`,
      });
    await world.as(alice)('memory.put', { namespace: 'agent', key: 'alice-0', value: 'alice private plan' });
    await world.human('memory.put', { namespace: 'global', key: 'shared', value: 'shared plan' });

    const bobToken = scopeTokenOf(`agent:${bob.id}`);
    const bobHex = bobToken.slice(1);
    const hostile = [
      'plan',
      bobToken,
      bobHex,
      `${bobHex.slice(0, 3)}`,
      `scope : "${bobToken}"`,
      `plan") OR scope : ("${bobToken}`,
      `plan OR scope:${bobHex}`,
      `{key value tags scope}: plan`,
      `NEAR(plan ${bobHex}) *`,
      `"plan" OR "bob"`,
      `e000${bobHex}`,
      'bob',
      `agent:${bob.id}`,
    ];
    for (const query of hostile) {
      const hits = await found(world.as(alice)('memory.search', { query, limit: 100 }));
      expect(
        hits.filter((hit) => !hit.startsWith('global/') && !hit.startsWith(`agent:${alice.id}/`)),
        query,
      ).toEqual([]);
      // Not a typed word matches the scope column: what the human finds is in key, value or tags only.
      const human = await found(world.human('memory.search', { query, limit: 100 }));
      if (query === bobToken || query === bobHex || query.startsWith('e000'))
        expect(human, query).toEqual([]);
    }
    expect(await found(world.as(alice)('memory.search', { query: 'plan', limit: 100 }))).toEqual([
      `agent:${alice.id}/alice-0`,
      'global/shared',
    ]);
    // The same word as the human: bob's entries are there to be found.
    expect(await found(world.human('memory.search', { query: 'plan', limit: 100 }))).toHaveLength(7);
    // Bob's own search finds his (the scope is the caller's, not the first agent's).
    expect(await found(world.as(bob)('memory.search', { query: 'private', limit: 100 }))).toHaveLength(5);
  });
});
