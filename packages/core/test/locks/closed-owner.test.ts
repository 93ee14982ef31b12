// A closed agent never releases or renews a lease: its leases end when it closes (and at start-up, for an agent
// closed while the host was down), instead of keeping everyone out until they expire (up to 24 h). Real SQLite.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Lock, SwitchboardEvent } from '@switchboard/protocol';
import { closeWhileDown } from '../support/closed-while-down';
import { createWorld, type World } from '../support/world';

const file = (name: string) => ({ kind: 'file', name });
const leases = async (world: World) => ((await world.human('lock.list', {})) as { locks: Lock[] }).locks;

describe('the leases of a closed agent', () => {
  it('end when it closes (released, reason owner_closed, audited): another agent takes the file at once', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    const held = (await world.as(alice)('lock.acquire', {
      resource: file('src/**'),
      ttlMs: 86_400_000,
    })) as Lock;
    const bobs = (await world.as(bob)('lock.acquire', { resource: file('docs/**') })) as Lock;
    await expect(world.as(bob)('lock.acquire', { resource: file('src/a.ts') })).rejects.toMatchObject({
      code: 'locked',
    });

    await world.human('agent.close', { agent: 'alice' });

    expect((await leases(world)).map((l) => l.id)).toEqual([bobs.id]);
    const released = world.events.filter(
      (e): e is Extract<SwitchboardEvent, { type: 'lock.released' }> => e.type === 'lock.released',
    );
    expect(released.map((e) => [e.lock.id, e.reason])).toEqual([[held.id, 'owner_closed']]);
    const audit = (await world.human('audit.list', { action: 'lock.released' })) as { entries: AuditEntry[] };
    expect(
      audit.entries.map((e) => [
        e.target,
        e.actor.kind,
        e.outcome,
        (e.details as { reason?: string }).reason,
      ]),
    ).toEqual([[held.id, 'system', 'automatic', 'owner_closed']]);
    await expect(world.as(bob)('lock.acquire', { resource: file('src/a.ts') })).resolves.toMatchObject({
      owner: bob.id,
    });
    expect(await world.human('audit.verify')).toMatchObject({ ok: true });
  });

  it('end at start-up for an agent closed while the host was down; the human’s own leases stay', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-lease-')), 'db.sqlite');
    const first = createWorld(databasePath);
    const alice = await first.spawn('alice');
    const bob = await first.spawn('bob');
    await first.as(alice)('lock.acquire', { resource: file('src/**'), ttlMs: 86_400_000 });
    const bobs = (await first.as(bob)('lock.acquire', { resource: file('docs/**') })) as Lock;
    const humans = (await first.human('lock.acquire', {
      resource: { kind: 'branch', name: 'main' },
    })) as Lock;
    await first.orchestrator.close();
    closeWhileDown(databasePath, alice.id);

    const second = createWorld(databasePath);
    await second.orchestrator.ready;
    expect((await leases(second)).map((l) => l.id).sort()).toEqual([bobs.id, humans.id].sort());
    await expect(second.as(bob)('lock.acquire', { resource: file('src/a.ts') })).resolves.toMatchObject({
      owner: bob.id,
    });
  });
});
