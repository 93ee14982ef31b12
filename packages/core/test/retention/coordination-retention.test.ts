// Ended leases and closed barriers go by retention like every other finished row (session 27): before, an agent taking
// and releasing leases, or creating and cancelling barriers, at its rate left a row each for good. Live leases and
// open barriers stay. Real SQLite (a database file), the real orchestrator, a fake clock.
import { describe, expect, it } from 'vitest';
import { fixturesClosedAfterEach } from './retention-fixture';

const fixture = fixturesClosedAfterEach();

describe('retention: leases and barriers', () => {
  it('ended leases and closed barriers go by age; the live lease and the open barrier stay', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    for (let i = 0; i < 3; i++) {
      const lease = await a.call<{ id: string }>('lock.acquire', {
        resource: { kind: 'branch', name: `b${i}` },
      });
      await a.call('lock.release', { lockId: lease.id });
    }
    const live = await a.call<{ id: string }>('lock.acquire', { resource: { kind: 'branch', name: 'main' } });
    const cancelled = await f.human<{ id: string }>('barrier.create', { name: 'x', parties: { count: 2 } });
    await f.human('barrier.cancel', { barrier: cancelled.id });
    const open = await f.human<{ id: string }>('barrier.create', { name: 'y', parties: { count: 2 } });
    expect(f.count('locks')).toBe(4);
    expect(f.count('barriers')).toBe(2);

    await f.configure({
      limits: { leases: { maxAgeDays: 0, maxRows: null }, barriers: { maxAgeDays: 0, maxRows: null } },
    });
    f.clock.advance(1);
    const sweep = await f.sweep();

    expect(sweep.dropped).toMatchObject({ leases: 3, barriers: 1 });
    expect((await f.status()).rows).toMatchObject({ leases: 1, barriers: 1 });
    expect((await f.human<{ locks: { id: string }[] }>('lock.list', {})).locks.map((l) => l.id)).toEqual([
      live.id,
    ]);
    expect((await f.human<{ state: string }>('barrier.get', { barrier: open.id })).state).toBe('open');
  });
});
