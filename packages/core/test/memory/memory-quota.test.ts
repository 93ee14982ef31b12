import { describe, expect, it } from 'vitest';
import { humanCaller, type Caller } from '@switchboard/protocol';
import type { MemoryOptions } from '../../src/memory/memory-service';
import { createWorld } from '../support/world';
import { memoryServiceWith } from './memory-service-fixture';

const alice: Caller = { kind: 'agent', id: 'alice' };
const bob: Caller = { kind: 'agent', id: 'bob' };

function memoryWith(options: Partial<MemoryOptions>) {
  const { memory, clock } = memoryServiceWith(options);
  const put = (caller: Caller, key: string, value: string, ttlSeconds?: number) =>
    memory.put(caller, { namespace: 'global', key, value, tags: [], ...(ttlSeconds ? { ttlSeconds } : {}) });
  const keys = () => memory.list(humanCaller, { limit: 100 }).entries.map((e) => `${e.author}:${e.key}`);
  return { memory, clock, put, keys };
}

// Each entry below stores its key (2 bytes), its value and its tags ('[]', 2 bytes).
describe('shared memory: the per-agent byte quota', () => {
  it('refuses an agent a put past its quota (rate_limited, naming the quota) and stores nothing; another agent and the human are unaffected', () => {
    const { memory, put, keys } = memoryWith({ maxBytesPerAuthor: 100 });
    put(alice, 'a1', 'x'.repeat(60));
    const refused = (() => {
      try {
        put(alice, 'a2', 'y'.repeat(60));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toMatchObject({
      code: 'rate_limited',
      details: { quota: 'memory.maxBytesPerAuthor', usedBytes: 128, limitBytes: 100 },
    });
    expect(keys()).toEqual(['alice:a1']);
    expect(memory.repository.bytesOf('alice')).toBe(64);
    put(bob, 'b1', 'z'.repeat(90));
    put(humanCaller, 'h1', 'h'.repeat(500));
    expect(keys()).toEqual(['human:h1', 'bob:b1', 'alice:a1']);
  });

  it('counts UTF-8 bytes, not characters, and a replaced entry only once', () => {
    const { put } = memoryWith({ maxBytesPerAuthor: 100 });
    put(alice, 'a1', 'é'.repeat(45)); // 90 bytes of value: 94 in all
    put(alice, 'a1', 'é'.repeat(48)); // replacing it: 100, at the quota
    expect(() => put(alice, 'a1', 'é'.repeat(49))).toThrow(expect.objectContaining({ code: 'rate_limited' }));
  });

  it('deleting, expiring, or another author replacing an entry frees the room', () => {
    const { memory, clock, put } = memoryWith({ maxBytesPerAuthor: 100 });
    put(alice, 'a1', 'x'.repeat(60));
    expect(() => put(alice, 'a2', 'x'.repeat(60))).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    memory.delete(alice, { namespace: 'global', key: 'a1' });
    put(alice, 'a2', 'x'.repeat(60), 10);
    clock.advance(10_000);
    put(alice, 'a3', 'x'.repeat(60));
    put(bob, 'a3', 'bob took it');
    expect(memory.repository.bytesOf('alice')).toBe(0);
    put(alice, 'a4', 'x'.repeat(90));
  });

  it("holds for an agent's calls through the orchestrator, at its default of 16 MiB per agent", async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const big = 'v'.repeat(60 * 1024);
    for (let i = 0; i < 273; i++) {
      if (i % 100 === 0) world.clock.advance(60_000); // under the role's rate limit
      await world.as(a)('memory.put', { namespace: 'agent', key: `k${i}`, value: big });
    }
    await expect(
      world.as(a)('memory.put', { namespace: 'agent', key: 'one-more', value: big }),
    ).rejects.toMatchObject({ code: 'rate_limited', details: { quota: 'memory.maxBytesPerAuthor' } });
    await expect(world.as(a)('memory.get', { namespace: 'agent', key: 'one-more' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      world.human('memory.put', { namespace: 'global', key: 'human', value: big }),
    ).resolves.toBeTruthy();
  });

  it("one agent's share of a namespace it shares: past it a new key is rate_limited; others, the human, its own namespace unaffected", () => {
    const { memory, put, keys } = memoryWith({ maxEntriesPerAuthorShared: 3 });
    for (const key of ['a1', 'a2', 'a3']) put(alice, key, 'v');
    expect(() => put(alice, 'a4', 'v')).toThrow(
      expect.objectContaining({
        code: 'rate_limited',
        details: { quota: 'memory.maxEntriesPerAuthorShared', held: 3, limit: 3 },
      }),
    );
    put(alice, 'a1', 'replaced');
    put(bob, 'b1', 'v');
    put(humanCaller, 'h1', 'v');
    expect(keys()).not.toContain('alice:a4');
    for (const key of ['o1', 'o2', 'o3', 'o4', 'o5'])
      memory.put(alice, { namespace: 'agent', key, value: 'v', tags: [] });
  });
});
