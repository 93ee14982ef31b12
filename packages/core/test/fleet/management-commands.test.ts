import { describe, expect, it } from 'vitest';
import type { ApprovalPolicy, AuditEntry, FleetLayout, Role } from '@switchboard/protocol';
import { agentsOf } from '../../src/index';
import { createWorld } from '../support/world';

// The commands the UI's management view needed and the contract lacked (issue 22, item 7):
// policy.update, role.remove and layout.preview, through the dispatcher as the human and as agents.

const policies = async (world: ReturnType<typeof createWorld>) =>
  ((await world.human('policy.list')) as { policies: ApprovalPolicy[] }).policies;
const tabsOf = (layout: FleetLayout) => layout.windows.map((w) => w.tabs.map((t) => agentsOf(t.root)));

describe('policy.update', () => {
  it('changes the given fields, clears a field given null, keeps the rest, and the new rule decides the next item', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const policy = (await world.human('policy.add', {
      kind: 'handoff',
      pattern: 'deploy*',
      action: 'deny',
      comment: 'no',
    })) as ApprovalPolicy;
    const updated = (await world.human('policy.update', {
      id: policy.id,
      pattern: null,
      action: 'approve',
      comment: 'token=abc123secretvalue',
    })) as ApprovalPolicy;
    expect(updated).toMatchObject({
      id: policy.id,
      kind: 'handoff',
      pattern: null,
      action: 'approve',
      position: 0,
      createdAt: policy.createdAt,
    });
    expect(updated.comment).toBe('token=[REDACTED:secret]');
    expect(await policies(world)).toEqual([updated]);
    expect(world.events.at(-1)).toMatchObject({
      type: 'policy.updated',
      policy: { id: policy.id, action: 'approve' },
    });
    const waited = (await world.as(agent)('approval.request', {
      kind: 'handoff',
      summary: 'anything at all',
    })) as { approval: { status: string } };
    expect(waited.approval.status).toBe('approved');
  });

  it('moves a policy in the order, keeping positions dense', async () => {
    const world = createWorld();
    const ids: string[] = [];
    for (const action of ['deny', 'ask', 'approve'] as const)
      ids.push(((await world.human('policy.add', { action })) as ApprovalPolicy).id);
    await world.human('policy.update', { id: ids[2], position: 0 });
    expect((await policies(world)).map((p) => [p.position, p.id])).toEqual([
      [0, ids[2]],
      [1, ids[0]],
      [2, ids[1]],
    ]);
    await world.human('policy.update', { id: ids[2], position: 99 });
    expect((await policies(world)).map((p) => [p.position, p.id])).toEqual([
      [0, ids[0]],
      [1, ids[1]],
      [2, ids[2]],
    ]);
  });

  it('refuses an unknown id, bad input and an agent caller, changing nothing', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1', 'orchestrator');
    const policy = (await world.human('policy.add', { action: 'deny' })) as ApprovalPolicy;
    await expect(
      world.human('policy.update', { id: 'policy-nope', action: 'approve' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(world.human('policy.update', { id: policy.id, action: 'maybe' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      world.human('policy.update', { id: policy.id, pattern: 'x'.repeat(1001) }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      world.as(agent)('policy.update', { id: policy.id, action: 'approve' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await policies(world)).toEqual([policy]);
  });
});

describe('role.remove', () => {
  it('removes a role nobody has, audits it, and the role is gone from the catalog', async () => {
    const world = createWorld();
    await world.human('role.update', { name: 'reviewer', description: 'reads diffs', commands: ['*.list'] });
    expect(await world.human('role.remove', { name: 'reviewer' })).toEqual({ name: 'reviewer' });
    const { roles } = (await world.human('role.list')) as { roles: Role[] };
    expect(roles.map((r) => r.name)).not.toContain('reviewer');
    expect(world.events.at(-1)).toMatchObject({ type: 'role.removed', name: 'reviewer' });
    const { entries } = (await world.human('audit.list', { action: 'role.remove' })) as {
      entries: AuditEntry[];
    };
    expect(entries.map((e) => [e.actor.kind, e.outcome])).toEqual([['human', 'ok']]);
  });

  it('refuses a built-in role, a role an agent has (naming it), an unknown role and an agent caller', async () => {
    const world = createWorld();
    await world.human('role.update', { name: 'reviewer' });
    const holder = await world.spawn('r1', 'reviewer');
    const orchestrator = await world.spawn('o1', 'orchestrator');
    await expect(world.human('role.remove', { name: 'builder' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('built-in'),
    });
    await expect(world.human('role.remove', { name: 'reviewer' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('r1'),
    });
    await expect(world.human('role.remove', { name: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(world.as(orchestrator)('role.remove', { name: 'reviewer' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const { roles } = (await world.human('role.list')) as { roles: Role[] };
    expect(roles.map((r) => r.name)).toEqual(expect.arrayContaining(['builder', 'reviewer']));
    await world.human('role.assign', { agent: holder.id, role: 'builder' });
    await expect(world.human('role.remove', { name: 'reviewer' })).resolves.toEqual({ name: 'reviewer' });
  });
});

describe('layout.preview', () => {
  it('computes a preset or a saved arrangement without moving a pane or changing the stored preset', async () => {
    const world = createWorld();
    await world.human('team.create', { name: 'web' });
    await world.human('team.create', { name: 'ops' });
    const a = await world.spawn('a', 'builder', 'web');
    const b = await world.spawn('b', 'builder', 'web');
    const c = await world.spawn('c', 'builder', 'ops');
    await world.human('layout.save', { name: 'start' });
    await world.human('agent.move', { agent: 'c', team: 'web' });
    const before = (await world.human('layout.get')) as FleetLayout;
    const eventCount = world.events.length;

    const tabs = (await world.human('layout.preview', { preset: 'agent-tabs' })) as FleetLayout;
    expect(tabs.preset).toBe('agent-tabs');
    expect(tabsOf(tabs).flat()).toEqual([[a.id], [b.id], [c.id]]);
    const restored = (await world.human('layout.preview', { arrangement: 'start' })) as FleetLayout;
    expect(tabsOf(restored)).toEqual([[[a.id, b.id]], [[c.id]]]);

    expect(await world.human('layout.get')).toEqual(before);
    expect(world.orchestrator.fleet.requireAgent('c').teamId).toBe(
      world.orchestrator.fleet.requireTeam('web').id,
    );
    expect(world.events).toHaveLength(eventCount);
  });

  it('needs exactly one of preset and arrangement, refuses an unknown arrangement and an agent caller', async () => {
    const world = createWorld();
    const agent = await world.spawn('o1', 'orchestrator');
    await expect(world.human('layout.preview', {})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(world.human('layout.preview', { preset: 'quad', arrangement: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(world.human('layout.preview', { preset: 'diagonal' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(world.human('layout.preview', { arrangement: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(world.as(agent)('layout.preview', { preset: 'quad' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
