import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanCaller, type MemoryEntry, type MemoryHit } from '@switchboard/protocol';
import { createWorld } from '../support/world';
import { memoryServiceWith } from './memory-service-fixture';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const entriesOf = async (call: Promise<unknown>) => ((await call) as { entries: MemoryEntry[] }).entries;
const hitsOf = async (call: Promise<unknown>) => ((await call) as { hits: MemoryHit[] }).hits;

describe('shared memory: entries', () => {
  it('puts text and JSON, replaces by key (version up), lists newest first, deletes; each change is an event for the human', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const first = (await world.as(a)('memory.put', {
      namespace: 'global',
      key: 'api',
      value: { base: '/v2', retries: 3 },
      tags: ['api', 'api', 'config'],
    })) as MemoryEntry;
    expect(first).toMatchObject({
      namespace: 'global',
      key: 'api',
      kind: 'json',
      value: { base: '/v2', retries: 3 },
      tags: ['api', 'config'],
      version: 1,
      expiresAt: null,
    });
    world.clock.advance(1000);
    await world.as(a)('memory.put', { namespace: 'global', key: 'note', value: 'remember the milk' });
    world.clock.advance(1000);
    const second = (await world.human('memory.put', {
      namespace: 'global',
      key: 'api',
      value: 'moved to /v3',
    })) as MemoryEntry;
    expect(second).toMatchObject({
      kind: 'text',
      value: 'moved to /v3',
      author: 'human',
      version: 2,
      createdAt: first.createdAt,
    });
    expect(second.updatedAt > first.updatedAt).toBe(true);
    const listing = (await world.as(a)('memory.list', {})) as {
      entries: MemoryEntry[];
      namespaces: unknown[];
    };
    expect(listing.entries.map((e) => e.key)).toEqual(['api', 'note']);
    expect(listing.namespaces).toEqual([{ namespace: 'global', entries: 2 }]);
    await expect(world.as(a)('memory.delete', { namespace: 'global', key: 'api' })).resolves.toEqual({
      deleted: true,
    });
    await expect(world.as(a)('memory.delete', { namespace: 'global', key: 'api' })).resolves.toEqual({
      deleted: false,
    });
    await expect(world.as(a)('memory.get', { namespace: 'global', key: 'api' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(
      world.events
        .filter((e) => e.type.startsWith('memory.'))
        .map((e) => `${e.type} ${'key' in e ? e.key : ''}`),
    ).toEqual(['memory.written api', 'memory.written note', 'memory.written api', 'memory.deleted api']);
  });

  it('hostile or huge input is a typed error and stores nothing', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const hostile: Record<string, unknown>[] = [
      { namespace: 'global', key: 'big', value: 'x'.repeat(64 * 1024 + 1) },
      { namespace: 'global', key: 'big-json', value: { blob: 'x'.repeat(64 * 1024) } },
      { namespace: 'global', key: 'deep', value: deep },
      { namespace: 'global', key: 'nan', value: { n: Number.NaN } },
      { namespace: 'global', key: 'tags', value: 'v', tags: Array.from({ length: 17 }, (_, i) => `t${i}`) },
      { namespace: 'global', key: 'tag', value: 'v', tags: ['has space'] },
      { namespace: 'global', key: 'bell\u0007', value: 'v' },
      { namespace: 'global', key: 'notes \u202Etxt.exe', value: 'v' },
      { namespace: 'global', key: '\u2066isolated\u2069', value: 'v' },
      { namespace: 'global', key: 'k'.repeat(257), value: 'v' },
      { namespace: 'global', key: '', value: 'v' },
      { namespace: 'global', key: 'nothing' },
      { namespace: '../etc', key: 'k', value: 'v' },
      { namespace: 'team:web; DROP TABLE memory_entries', key: 'k', value: 'v' },
      { namespace: 'plan:', key: 'k', value: 'v' },
      { namespace: 'global', key: 'k', value: 'v', ttlSeconds: 0 },
      { namespace: 'global', key: 'k', value: 'v', extra: true },
    ];
    for (const input of hostile) {
      await expect(world.as(a)('memory.put', input), String(input['key'])).rejects.toMatchObject({
        code: 'invalid_input',
      });
    }
    await expect(
      world.as(a)('memory.put', { namespace: 'global', key: `aws ${AWS_KEY}`, value: 'v' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(world.as(a)('memory.search', { query: 'x'.repeat(501) })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await entriesOf(world.human('memory.list', {}))).toEqual([]);
    // Right-to-left scripts and accents are text, not overrides.
    await expect(
      world.as(a)('memory.put', { namespace: 'global', key: 'שלום café', value: 'v' }),
    ).resolves.toMatchObject({ key: 'שלום café' });
    await world.as(a)('memory.delete', { namespace: 'global', key: 'שלום café' });
    // FTS5 syntax in a query is only words: no error, no surprise.
    await world.as(a)('memory.put', { namespace: 'global', key: 'near', value: 'NEAR the AND gate' });
    for (const query of ['"', 'NEAR(', 'a AND OR', '*', 'key:near', '^near', '-', 'near)']) {
      await expect(world.as(a)('memory.search', { query }), query).resolves.toMatchObject({
        hits: expect.any(Array),
      });
    }
    expect((await hitsOf(world.as(a)('memory.search', { query: 'near)' }))).map((h) => h.entry.key)).toEqual([
      'near',
    ]);
  });

  it('secrets are redacted before they are stored: not in the table, not in the search index, not anywhere in the file', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'memory-')), 'switchboard.db');
    const world = createWorld(databasePath);
    const a = await world.spawn('alice');
    const stored = (await world.as(a)('memory.put', {
      namespace: 'agent',
      key: 'creds',
      value: `deploy with ${AWS_KEY} and token=${GITHUB_TOKEN}`,
    })) as MemoryEntry;
    expect(stored.value).toBe('deploy with [REDACTED:aws] and token=[REDACTED:github]');
    const json = (await world.as(a)('memory.put', {
      namespace: 'global',
      key: 'conf',
      value: { token: 'plain-looking-value', url: `https://u:hunter2pass@example.com` },
    })) as MemoryEntry;
    expect(json.value).toEqual({
      token: '[REDACTED:secret]',
      url: 'https://u:[REDACTED:url-credentials]@example.com',
    });
    expect(await hitsOf(world.human('memory.search', { query: AWS_KEY }))).toEqual([]);
    expect((await hitsOf(world.human('memory.search', { query: 'deploy' }))).map((h) => h.entry.key)).toEqual(
      ['creds'],
    );
    await world.orchestrator.close();
    const bytes = readFileSync(databasePath).toString('latin1');
    expect(bytes).toContain('deploy with');
    for (const secret of [AWS_KEY, GITHUB_TOKEN, 'plain-looking-value', 'hunter2pass'])
      expect(bytes, secret).not.toContain(secret);
  });

  it('search ranks key matches first, finds prefixes as you type, filters by namespace, author and tag, and shows a snippet', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const b = await world.spawn('bob');
    await world.as(a)('memory.put', {
      namespace: 'global',
      key: 'deployment',
      value: 'steps for the release',
      tags: ['ops'],
    });
    await world.as(b)('memory.put', {
      namespace: 'global',
      key: 'notes',
      value:
        'a long story. Somewhere in it the deployment of the service is described, then more words follow',
    });
    await world.as(b)('memory.put', {
      namespace: 'agent',
      key: 'deploy-private',
      value: 'deployment secrets of bob',
    });
    const hits = await hitsOf(world.as(a)('memory.search', { query: 'deploym' }));
    expect(hits.map((h) => h.entry.key)).toEqual(['deployment', 'notes']);
    expect(hits[0]!.rank).toBeLessThan(hits[1]!.rank);
    expect(hits[0]!.snippet).toBe('⟦deployment⟧');
    expect(hits[1]!.snippet).toContain('the ⟦deployment⟧ of the service');
    expect(await hitsOf(world.as(a)('memory.search', { query: 'deploym ' }))).toEqual([]);
    expect(
      (await hitsOf(world.human('memory.search', { query: 'deployment', author: 'bob' })))
        .map((h) => h.entry.key)
        .sort(),
    ).toEqual(['deploy-private', 'notes']);
    expect(
      (await hitsOf(world.human('memory.search', { query: 'deployment', tag: 'ops' }))).map(
        (h) => h.entry.key,
      ),
    ).toEqual(['deployment']);
    expect(
      (await hitsOf(world.human('memory.search', { query: 'deployment', namespace: `agent:${b.id}` }))).map(
        (h) => h.entry.key,
      ),
    ).toEqual(['deploy-private']);
    expect((await entriesOf(world.human('memory.list', { author: 'alice' }))).map((e) => e.key)).toEqual([
      'deployment',
    ]);
  });

  it('an entry with a TTL is gone when it ends: swept on the Clock with an event, invisible even before the sweep', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    await world.as(a)('memory.put', {
      namespace: 'global',
      key: 'flaky',
      value: 'retry later',
      ttlSeconds: 60,
    });
    await world.as(a)('memory.put', { namespace: 'global', key: 'kept', value: 'retry never' });
    world.clock.advance(59_999);
    await expect(world.as(a)('memory.get', { namespace: 'global', key: 'flaky' })).resolves.toMatchObject({
      expiresAt: '2026-01-01T00:01:00.000Z',
    });
    world.clock.advance(1);
    expect(world.events.at(-1)).toMatchObject({
      type: 'memory.deleted',
      key: 'flaky',
      reason: 'expired',
      by: 'system',
    });
    await expect(world.as(a)('memory.get', { namespace: 'global', key: 'flaky' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await hitsOf(world.as(a)('memory.search', { query: 'retry' }))).map((h) => h.entry.key)).toEqual([
      'kept',
    ]);
  });

  it('a namespace holds at most its limit of entries; replacing a key is always allowed', () => {
    const { memory, clock } = memoryServiceWith({ maxEntriesPerNamespace: 2 });
    const put = (key: string, ttlSeconds?: number) =>
      memory.put(humanCaller, {
        namespace: 'global',
        key,
        value: key,
        tags: [],
        ...(ttlSeconds ? { ttlSeconds } : {}),
      });
    put('one');
    put('two', 10);
    expect(() => put('three')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(put('one').version).toBe(2);
    clock.advance(10_000);
    expect(put('three').version).toBe(1);
    expect(memory.list(humanCaller, { limit: 10 }).entries.map((e) => e.key)).toEqual(['three', 'one']);
  });
});
