import { describe, expect, it } from 'vitest';
import type { Lock } from '@switchboard/protocol';
import { createWorld } from '../support/world';

const files = (name: string) => ({ kind: 'file', name });

describe('leases', () => {
  it('acquires, refuses an overlapping acquire with `locked` naming the holder, and frees on release', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const b = await world.spawn('bob');
    const lock = (await world.as(a)('lock.acquire', {
      resource: files('src/api/**'),
      ttlMs: 60_000,
      reason: 'refactor',
    })) as Lock;
    expect(lock).toMatchObject({ owner: a.id, reason: 'refactor', expiresAt: '2026-01-01T00:01:00.000Z' });
    const refused = await world
      .as(b)('lock.acquire', { resource: files('src/api/routes.ts') })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'locked',
      details: { holder: a.id, holderName: 'alice', lockId: lock.id },
    });
    expect((refused as Error).message).toContain('alice');
    await expect(world.as(b)('lock.acquire', { resource: files('src/web/**') })).resolves.toMatchObject({
      owner: b.id,
    });
    await expect(world.as(b)('lock.release', { lockId: lock.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await world.as(a)('lock.release', { lockId: lock.id });
    await expect(
      world.as(b)('lock.acquire', { resource: files('src/api/routes.ts') }),
    ).resolves.toMatchObject({ owner: b.id });
    expect(world.events.filter((e) => e.type.startsWith('lock.')).map((e) => e.type)).toEqual([
      'lock.acquired',
      'lock.acquired',
      'lock.released',
      'lock.acquired',
    ]);
  });

  it('re-acquiring your own resource renews it; renew extends the lease; only the owner renews', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const b = await world.spawn('bob');
    const lock = (await world.as(a)('lock.acquire', {
      resource: { kind: 'branch', name: 'feature-x' },
      ttlMs: 60_000,
    })) as Lock;
    world.clock.advance(30_000);
    const again = (await world.as(a)('lock.acquire', {
      resource: { kind: 'branch', name: 'feature-x' },
      ttlMs: 60_000,
    })) as Lock;
    expect(again).toMatchObject({ id: lock.id, expiresAt: '2026-01-01T00:01:30.000Z' });
    await expect(world.as(b)('lock.renew', { lockId: lock.id, ttlMs: 60_000 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    world.clock.advance(50_000);
    await expect(world.as(a)('lock.renew', { lockId: lock.id, ttlMs: 60_000 })).resolves.toMatchObject({
      expiresAt: '2026-01-01T00:02:20.000Z',
    });
    world.clock.advance(60_000);
    await expect(world.as(a)('lock.renew', { lockId: lock.id, ttlMs: 60_000 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('expired leases free themselves with lock.expired (Clock), and the resource is free again', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const b = await world.spawn('bob');
    const lock = (await world.as(a)('lock.acquire', {
      resource: { kind: 'pane', name: 'pane-1' },
      ttlMs: 10_000,
    })) as Lock;
    world.clock.advance(9_999);
    await expect(
      world.as(b)('lock.acquire', { resource: { kind: 'pane', name: 'pane-1' } }),
    ).rejects.toMatchObject({ code: 'locked' });
    world.clock.advance(1);
    expect(world.events.at(-1)).toMatchObject({ type: 'lock.expired', lock: { id: lock.id } });
    expect(((await world.human('lock.list')) as { locks: Lock[] }).locks).toEqual([]);
    await expect(
      world.as(b)('lock.acquire', { resource: { kind: 'pane', name: 'pane-1' } }),
    ).resolves.toMatchObject({ owner: b.id });
    expect(world.orchestrator.audit.list({ action: 'lock.expired' })).toHaveLength(1);
  });

  it('lock.request takes a free resource at once, without an approval item', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const result = (await world.as(a)('lock.request', { resource: files('README.md') })) as {
      lock: Lock;
      approval: null;
    };
    expect(result.lock.owner).toBe(a.id);
    expect(result.approval).toBeNull();
  });

  it("the holder's policy can hand over automatically; a denied request leaves the lease alone", async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const b = await world.spawn('bob');
    const c = await world.spawn('carol');
    const held = (await world.as(a)('lock.acquire', { resource: { kind: 'branch', name: 'main' } })) as Lock;
    await world.human('policy.add', { kind: 'lock', requester: 'carol', action: 'deny' });
    await world.human('policy.add', {
      kind: 'lock',
      holder: 'alice',
      action: 'approve',
      comment: 'alice shares main',
    });
    const denied = (await world.as(c)('lock.request', { resource: { kind: 'branch', name: 'main' } })) as {
      lock: Lock | null;
      approval: { status: string };
    };
    expect(denied).toMatchObject({ lock: null, approval: { status: 'denied' } });
    const handed = (await world.as(b)('lock.request', { resource: { kind: 'branch', name: 'main' } })) as {
      lock: Lock;
      approval: { status: string; payload: Record<string, unknown> };
    };
    expect(handed.approval).toMatchObject({
      status: 'approved',
      payload: { lockHolder: a.id, resource: 'branch:main' },
    });
    expect(handed.lock.owner).toBe(b.id);
    expect(world.events.find((e) => e.type === 'lock.released')).toMatchObject({
      lock: { id: held.id },
      reason: 'handed_over',
    });
  });

  it('assertAccess lets other domains respect leases on their write paths', async () => {
    const world = createWorld();
    const a = await world.spawn('alice');
    const b = await world.spawn('bob');
    await world.as(a)('lock.acquire', { resource: { kind: 'pane', name: 'pane-9' } });
    expect(() => world.orchestrator.locks.assertAccess(a, { kind: 'pane', name: 'pane-9' })).not.toThrow();
    expect(() => world.orchestrator.locks.assertAccess(b, { kind: 'pane', name: 'pane-9' })).toThrow(
      expect.objectContaining({ code: 'locked' }),
    );
    expect(() =>
      world.orchestrator.locks.assertAccess({ kind: 'human', id: 'human' }, { kind: 'pane', name: 'pane-9' }),
    ).not.toThrow();
  });
});

describe('pane leases bind pane writes', () => {
  it('another agent cannot type into, key or redecorate a leased pane; the holder and the human can', async () => {
    const world = createWorld();
    const a = await world.spawn('alice', 'builder');
    const b = await world.spawn('bob', 'builder');
    const paneId = world.orchestrator.fleet.requireAgent('alice').paneId!;
    await world.as(a)('lock.acquire', { resource: { kind: 'pane', name: paneId } });
    await expect(
      world.as(b)('pane.send', { targets: ['alice'], text: 'rm -rf /', submit: false }),
    ).rejects.toMatchObject({ code: 'locked', details: { holderName: 'alice' } });
    await expect(world.as(b)('pane.keys', { targets: [paneId], keys: ['enter'] })).rejects.toMatchObject({
      code: 'locked',
    });
    await expect(world.as(b)('pane.setAppearance', { target: 'alice', badge: 'mine' })).rejects.toMatchObject(
      { code: 'locked' },
    );
    await expect(
      world.as(a)('pane.send', { targets: ['alice'], text: 'echo ok', submit: false }),
    ).resolves.toBeDefined();
    await expect(
      world.human('pane.send', { targets: ['alice'], text: 'echo human', submit: false }),
    ).resolves.toBeDefined();
    await expect(
      world.as(b)('pane.send', { targets: ['bob'], text: 'echo mine', submit: false }),
    ).resolves.toBeDefined();
  });
});
