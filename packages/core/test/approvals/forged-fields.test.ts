// An agent's request is the agent's (docs/security.md, docs/approvals-locks-roles.md): the payload fields core gives
// meaning to when it raises an item itself — a lock request's holder and lease, a handoff's recipients, a plan step's
// plan, a prompt's source — are refused on `approval.request` (`invalid_input`, nothing stored, nothing announced),
// so an agent cannot push an item into another agent's view, win a person's `holder` policy, take another's lease
// on approval, or keep its item from being withdrawn with it. Real SQLite, over the agent's dispatch path.
import { describe, expect, it } from 'vitest';
import type { Approval, Caller, Lock } from '@switchboard/protocol';
import { createWorld, settle, type World } from '../support/world';

type Listed = { approvals: Approval[] };

async function fleet() {
  const world = createWorld();
  await world.orchestrator.ready;
  const alice = await world.spawn('alice');
  const mallory = await world.spawn('mallory');
  return { world, alice, mallory };
}

const ask = (world: World, agent: Caller, kind: string, payload: Record<string, unknown>) =>
  world.as(agent)('approval.request', { kind, summary: 'alice agreed to hand main over', payload });

const refused = (field: string) =>
  expect.objectContaining({
    code: 'invalid_input',
    message: expect.stringContaining(`payload.${field}`) as unknown,
  });

async function nothingRaised(world: World) {
  await settle();
  expect(((await world.human('approval.list', {})) as Listed).approvals).toEqual([]);
  expect(world.events.filter((e) => e.type === 'approval.requested')).toEqual([]);
}

describe("an agent's approval.request cannot pose as Switchboard's own item", () => {
  it('refuses a lock item naming another holder and lease: no policy matched, no lease taken', async () => {
    const { world, alice, mallory } = await fleet();
    const held = (await world.as(alice)('lock.acquire', {
      resource: { kind: 'branch', name: 'main' },
    })) as Lock;
    // The person's rule: alice pre-agreed to hand her leases over.
    await world.human('policy.add', { kind: 'lock', holder: 'alice', action: 'approve' });
    const forged = {
      resource: 'branch:main',
      lockHolder: alice.id,
      lockResource: { kind: 'branch', name: 'main' },
      ttlMs: 600_000,
    };
    await expect(ask(world, mallory, 'lock', forged)).rejects.toEqual(refused('lockHolder'));
    await expect(ask(world, mallory, 'lock', { ...forged, lockHolder: undefined })).rejects.toEqual(
      refused('lockResource'),
    );
    await nothingRaised(world);
    const locks = (await world.human('lock.list', {})) as { locks: Lock[] };
    expect(locks.locks.map((l) => [l.id, l.owner])).toEqual([[held.id, alice.id]]);
    expect(world.events.filter((e) => e.type === 'lock.released')).toEqual([]);
  });

  it("refuses an item that would concern another agent (listed and announced to it, as a lock holder's)", async () => {
    const { world, alice, mallory } = await fleet();
    const seen: string[] = [];
    world.orchestrator.subscribe((event) => seen.push(event.type), alice);
    await expect(ask(world, mallory, 'escalation', { lockHolder: alice.id })).rejects.toEqual(
      refused('lockHolder'),
    );
    await nothingRaised(world);
    expect(((await world.as(alice)('approval.list', {})) as Listed).approvals).toEqual([]);
    expect(seen).not.toContain('approval.requested');
  });

  it("refuses a handoff's recipients and a plan step's plan (items withdrawn or kept by their owners)", async () => {
    const { world, alice, mallory } = await fleet();
    await expect(ask(world, mallory, 'handoff', { recipients: [alice.id] })).rejects.toEqual(
      refused('recipients'),
    );
    await expect(ask(world, mallory, 'plan_step', { planId: 'plan-1', stepId: 'deploy' })).rejects.toEqual(
      refused('planId'),
    );
    await expect(ask(world, mallory, 'plan_step', { stepId: 'deploy' })).rejects.toEqual(refused('stepId'));
    await nothingRaised(world);
  });

  it("takes the same kinds with the agent's own fields, and says which fields are Switchboard's", async () => {
    const { world, mallory } = await fleet();
    const own = (await ask(world, mallory, 'lock', { resource: 'branch:main', command: 'git push' })) as {
      approval: Approval;
    };
    expect(own.approval).toMatchObject({ status: 'pending', payload: { resource: 'branch:main' } });
    await expect(ask(world, mallory, 'lock', { lockHolder: 'x' })).rejects.toMatchObject({
      message: expect.stringContaining('lock.request') as unknown,
    });
  });
});
