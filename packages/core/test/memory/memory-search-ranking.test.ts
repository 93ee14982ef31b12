import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type MemoryHit } from '@switchboard/protocol';
import { MEMORY_RANK_WINDOW } from '../../src/memory/memory-ranking';
import { createWorld, type World } from '../support/world';

let world: World | undefined;
let loader: Database.Database | undefined;
afterEach(async () => {
  loader?.close();
  loader = undefined;
  await world?.orchestrator.close();
  world = undefined;
});

type Entry = { namespace: string; key: string; value: string; tags?: string[]; author?: string };

/** A host over a database file, and a second connection that fills `memory_entries` straight (its triggers index them). */
async function worldOnFile() {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'memory-ranking-')), 'switchboard.db');
  world = createWorld(databasePath);
  await world.orchestrator.ready;
  loader = new Database(databasePath);
  const insert = loader.prepare(
    `INSERT INTO memory_entries (namespace, key, value, kind, tags, author, version, created_at, updated_at, updated_ms)
    VALUES (?, ?, ?, 'text', ?, ?, 1, ?, ?, ?)`,
  );
  const fill = (entries: Entry[]) =>
    loader!.transaction(() => {
      for (const entry of entries) {
        const at = new Date(world!.clock.now()).toISOString();
        insert.run(
          entry.namespace,
          entry.key,
          entry.value,
          JSON.stringify(entry.tags ?? []),
          entry.author ?? 'human',
          at,
          at,
          world!.clock.now(),
        );
      }
    })();
  return { world, loader, fill };
}
const keysOf = (hits: MemoryHit[]) => hits.map((hit) => hit.entry.key);
const hitsOf = async (call: Promise<unknown>) => ((await call) as { hits: MemoryHit[] }).hits;

describe('shared memory search: ranking', () => {
  it("ranks as FTS5's bm25(4, 1, 2) does over key, value and tags when every match is in the window", async () => {
    const { fill, loader } = await worldOnFile();
    const words = ['deploy', 'cache', 'lint', 'release', 'build', 'staging', 'Déploiement'];
    fill(
      Array.from({ length: 120 }, (_, i) => ({
        namespace: 'global',
        key: `${words[i % words.length]}-${i}`,
        value: Array.from({ length: 2 + (i % 9) }, (_, j) => words[(i * (j + 3)) % words.length]).join(' '),
        tags: i % 4 === 0 ? [words[(i + 2) % words.length]!] : [],
      })),
    );
    for (const query of ['deploy ', 'cache lint ', 'rel', 'deploiement ', 'staging bu']) {
      const fts = query
        .trim()
        .split(' ')
        .map((word, i, all) => `"${word}"${!query.endsWith(' ') && i === all.length - 1 ? '*' : ''}`)
        .join(' ');
      const expected = loader
        .prepare<[string], { key: string; rank: number }>(
          `SELECT e.key, memory_fts.rank AS rank FROM memory_fts JOIN memory_entries e ON e.id = memory_fts.rowid
          WHERE memory_fts MATCH ? ORDER BY rank, e.id DESC LIMIT 20`,
        )
        .all(fts);
      expect(expected.length, query).toBeGreaterThan(5);
      const hits = await hitsOf(world!.human('memory.search', { query, limit: 20 }));
      expect(keysOf(hits), query).toEqual(expected.map((row) => row.key));
      hits.forEach((hit, i) => expect(hit.rank).toBeCloseTo(expected[i]!.rank, 9));
    }
  });

  it('ranks a common word among its newest matches: the best of them first, a replaced entry counting as new', async () => {
    const { fill } = await worldOnFile();
    // The best match of all (the word in its key, twice in a short value) is the oldest entry…
    fill([{ namespace: 'global', key: 'common', value: 'common common' }]);
    // …then more weaker matches than the window holds, the best of them the last but ten.
    const weaker = MEMORY_RANK_WINDOW + 50;
    fill(
      Array.from({ length: weaker }, (_, i) => ({
        namespace: 'global',
        key: `note-${i}`,
        value:
          i === weaker - 10
            ? 'common and common again'
            : `a longer note that says common once among many other words, number ${i}`,
      })),
    );
    const hits = await hitsOf(world!.human('memory.search', { query: 'common ', limit: 5 }));
    expect(keysOf(hits)[0]).toBe(`note-${weaker - 10}`);
    expect(keysOf(hits)).not.toContain('common');
    // Equal ranks: newest first.
    expect(keysOf(hits).slice(1)).toEqual([1, 2, 3, 4].map((n) => `note-${weaker - n}`));
    expect(hits.map((hit) => hit.rank)).toEqual([...hits.map((hit) => hit.rank)].sort((a, b) => a - b));
    expect(hits[0]!.snippet).toBe('⟦common⟧ and ⟦common⟧ again');

    // Written again, the oldest entry is the newest: in the window, and the best.
    await world!.human('memory.put', { namespace: 'global', key: 'common', value: 'common common' });
    const after = await hitsOf(world!.human('memory.search', { query: 'common ', limit: 5 }));
    expect(keysOf(after)[0]).toBe('common');
    expect(after[0]!.snippet).toBe('⟦common⟧ ⟦common⟧');
    expect(after[0]!.entry.version).toBe(2);
  });

  it("an agent gets its own namespaces' matches, none of others', however many newer ones are others'", async () => {
    const { fill } = await worldOnFile();
    const alice = await world!.spawn('alice');
    const bob = await world!.spawn('bob');
    fill([
      { namespace: 'global', key: 'shared-1', value: 'release checklist' },
      { namespace: `agent:${alice.id}`, key: 'alice-own', value: 'my release notes', author: alice.id },
    ]);
    fill(
      Array.from({ length: MEMORY_RANK_WINDOW * 2 }, (_, i) => ({
        namespace: `agent:${bob.id}`,
        key: `bob-${i}`,
        value: `release plan ${i}`,
        author: bob.id,
      })),
    );
    fill([{ namespace: 'global', key: 'shared-2', value: 'release day' }]);
    const hits = await hitsOf(world!.as(alice)('memory.search', { query: 'release', limit: 10 }));
    expect(keysOf(hits).sort()).toEqual(['alice-own', 'shared-1', 'shared-2']);
    const bobs = await hitsOf(world!.as(bob)('memory.search', { query: 'release', limit: 10 }));
    expect(bobs).toHaveLength(10);
    expect(bobs.every((hit) => [`agent:${bob.id}`, 'global'].includes(hit.entry.namespace))).toBe(true);
    expect(keysOf(bobs)).not.toContain('alice-own');
  });
});
