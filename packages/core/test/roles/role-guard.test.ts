import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Role } from '@switchboard/protocol';
import { DEFAULT_ROLES } from '../../src/roles/role-defaults';
import { agentCommands, matchesCommandGlob } from '../../src/roles/role-permissions';
import { createWorld } from '../support/world';

describe('roles, enforced', () => {
  it('lets the human call everything', async () => {
    const world = createWorld();
    await expect(world.human('role.update', { name: 'builder', canSpawn: true })).resolves.toMatchObject({
      name: 'builder',
      canSpawn: true,
    });
    await expect(world.human('audit.verify')).resolves.toMatchObject({ ok: true });
  });

  it('denies with a typed forbidden error naming the missing permission, and audits the denial', async () => {
    const world = createWorld();
    const builder = await world.spawn('b1', 'builder');
    await expect(world.as(builder)('agent.spawn', { name: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'spawn', role: 'builder' },
    });
    await expect(world.as(builder)('role.update', { name: 'builder' })).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'command:role.update' },
    });
    const { entries } = (await world.human('audit.list', { action: 'authorization.denied' })) as {
      entries: AuditEntry[];
    };
    expect(
      entries.map((e) => [e.actor.id, e.target, (e.details as { missing: string }).missing, e.outcome]),
    ).toEqual([
      [builder.id, 'agent.spawn', 'spawn', 'denied'],
      [builder.id, 'role.update', 'command:role.update', 'denied'],
    ]);
  });

  it('checks the permission before the input, so a forbidden caller learns nothing about it', async () => {
    const world = createWorld();
    const monitor = await world.spawn('m1', 'monitor');
    await expect(world.as(monitor)('lock.acquire', { nonsense: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('applies catalog edits at once (role.update) and spawning follows the flag', async () => {
    const world = createWorld();
    const builder = await world.spawn('b1', 'builder');
    await expect(world.as(builder)('agent.spawn', { name: 'child' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await world.human('role.update', { name: 'builder', canSpawn: true });
    await expect(world.as(builder)('agent.spawn', { name: 'child' })).resolves.toMatchObject({
      name: 'child',
    });
    await world.human('role.update', { name: 'builder', commands: ['*.list'] });
    await expect(
      world.as(builder)('lock.acquire', { resource: { kind: 'branch', name: 'main' } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(world.as(builder)('agent.list')).resolves.toBeDefined();
  });

  it('decides each role and command once, and forgets the decisions on every catalog change (update, assign, remove)', async () => {
    const world = createWorld();
    const builder = await world.spawn('b1', 'builder');
    const call = world.as(builder);
    const whoamiCommands = async () => ((await call('agent.whoami')) as { commands: string[] }).commands;
    const lock = { resource: { kind: 'branch', name: 'main' } };
    // Decided (and cached) as allowed, by a call and by agent.whoami's list.
    await expect(call('lock.list')).resolves.toBeDefined();
    expect(await whoamiCommands()).toContain('lock.acquire');
    await world.human('role.update', { name: 'builder', commands: ['agent.whoami', 'message.*'] });
    await expect(call('lock.list')).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'command:lock.list', role: 'builder' },
    });
    expect(await whoamiCommands()).not.toContain('lock.acquire');
    // A new role given to the agent applies on its next call, and removing that role's grant too.
    await world.human('role.update', { name: 'locker', commands: ['agent.whoami', 'lock.*'] });
    await world.human('role.assign', { agent: 'b1', role: 'locker' });
    await expect(call('lock.acquire', lock)).resolves.toBeDefined();
    expect(await whoamiCommands()).toEqual(expect.arrayContaining(['lock.acquire', 'lock.list']));
    await world.human('role.update', { name: 'locker', commands: ['agent.whoami'] });
    await expect(call('lock.list')).rejects.toMatchObject({ code: 'forbidden' });
    // Back to the first role: its decisions are the ones after its own edit, not from before it.
    await world.human('role.update', { name: 'locker', commands: ['agent.whoami', 'lock.*'] });
    await expect(call('lock.list')).resolves.toBeDefined();
    await world.human('role.assign', { agent: 'b1', role: 'builder' });
    await world.human('role.remove', { name: 'locker' });
    await expect(call('lock.list')).rejects.toMatchObject({ details: { role: 'builder' } });
  });

  it('rejects catalog edits that name unknown or flag-governed commands', async () => {
    const world = createWorld();
    await expect(
      world.human('role.update', { name: 'builder', commands: ['agent.spawn'] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      world.human('role.update', { name: 'builder', commands: ['agent.explode'] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      world.human('role.update', { name: 'builder', commands: ['fleet.snapshot'] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    // A glob reaching only the person's commands would store a grant that can never work.
    for (const glob of ['fleet.*', 'recovery.conf*', '*.snapshot'])
      await expect(
        world.human('role.update', { name: 'builder', commands: [glob] }),
        glob,
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringContaining(`${glob} matches no command agents may call`),
      });
    const { roles } = (await world.human('role.list')) as { roles: Role[] };
    const builder = roles.find((r) => r.name === 'builder')!;
    expect(builder.commands).not.toContain('agent.spawn');
    for (const glob of ['fleet.*', 'recovery.conf*', '*.snapshot'])
      expect(builder.commands).not.toContain(glob);
    // A glob that reaches a command agents may call stays, whatever else it covers; so does one matching nothing yet.
    const kept = (await world.human('role.update', {
      name: 'builder',
      commands: ['recovery.*', 'inbox.*'],
    })) as Role;
    expect(kept.commands).toEqual(['recovery.*', 'inbox.*']);
    expect(kept.allowed).not.toContain('recovery.configure');
  });

  it('the built-in roles hold no glob that matches no command; a stored role still holding one (inbox.*) edits as before', async () => {
    const agentCalls = agentCommands();
    for (const role of DEFAULT_ROLES)
      for (const glob of role.commands)
        expect(
          agentCalls.some((name) => matchesCommandGlob(glob, name)),
          `${role.name}: ${glob}`,
        ).toBe(true);
    // A catalog written before session 25 holds `inbox.*` in its built-in roles; the UI sends the whole list back.
    const world = createWorld();
    const { roles } = (await world.human('role.list')) as { roles: Role[] };
    const builder = roles.find((r) => r.name === 'builder')!;
    const stored = (await world.human('role.update', {
      name: 'builder',
      commands: [...builder.commands, 'inbox.*'],
    })) as Role;
    const edited = (await world.human('role.update', {
      name: 'builder',
      description: 'edited',
      commands: stored.commands,
    })) as Role;
    expect(edited.commands).toEqual([...builder.commands, 'inbox.*']);
    expect(edited.allowed).toEqual(builder.allowed);
  });

  it('adds a new role that persists in SQLite', async () => {
    const world = createWorld();
    const role = (await world.human('role.update', {
      name: 'reviewer',
      description: 'reads diffs',
      commands: ['*.list'],
      mayMessage: ['builder'],
    })) as Role;
    expect(role.allowed).toContain('agent.list');
    expect(role.allowed).not.toContain('lock.acquire');
    expect(world.orchestrator.audit.list({ action: 'role.update' })).toHaveLength(1);
  });

  it('a stored role the catalog lacks (an older database) falls back to custom; closed agents have no rights', async () => {
    const world = createWorld();
    const odd = await world.spawn('odd', 'custom');
    const { fleet } = world.orchestrator;
    fleet.repository.updateAgent({ ...fleet.requireAgent('odd'), role: 'no-such-role' });
    await expect(world.as(odd)('lock.list')).resolves.toBeDefined();
    await expect(world.as(odd)('agent.spawn', { name: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await world.human('agent.close', { agent: 'odd' });
    await expect(world.as(odd)('lock.list')).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'agent' },
    });
  });

  it('spawns and adopts only with a role the catalog has (a typo was taken and the agent ran as custom)', async () => {
    const world = createWorld();
    const paneCount = async () => (await world.backend.listPanes()).length;
    const panes = await paneCount();
    await expect(world.human('agent.spawn', { name: 'w1', role: 'worker' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'No role "worker"',
    });
    const stray = await world.backend.createPane({ placement: { kind: 'window' } });
    await expect(
      world.human('agent.adopt', { pane: stray.id, name: 'w2', role: 'worker' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await world.human('agent.list', {})).toMatchObject({ agents: [] });
    expect(await paneCount()).toBe(panes + 1);
    await expect(world.human('agent.spawn', { name: 'b1', role: 'builder' })).resolves.toMatchObject({
      role: 'builder',
    });
  });

  it('role.assign needs canChangeRoles, and no agent may change its own role', async () => {
    const world = createWorld();
    const boss = await world.spawn('boss', 'orchestrator');
    const worker = await world.spawn('worker', 'builder');
    await expect(world.as(worker)('role.assign', { agent: 'boss', role: 'builder' })).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'change_roles' },
    });
    await expect(world.as(boss)('role.assign', { agent: 'worker', role: 'tester' })).resolves.toMatchObject({
      name: 'worker',
      role: 'tester',
    });
    await expect(world.as(boss)('role.assign', { agent: 'boss', role: 'builder' })).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'change_own_role' },
    });
    await expect(world.as(boss)('role.assign', { agent: 'worker', role: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(world.events.filter((e) => e.type === 'agent.updated')).toHaveLength(1);
  });

  it('limits each agent with a token bucket on the Clock, and audits a burst of refusals as one row plus one count', async () => {
    const world = createWorld();
    await world.human('role.update', { name: 'tester', rateLimit: { perMinute: 60, burst: 3 } });
    const a = await world.spawn('a', 'tester');
    const b = await world.spawn('b', 'tester');
    for (let i = 0; i < 3; i++) await world.as(a)('lock.list');
    await expect(world.as(a)('lock.list')).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retryAfterMs: 1000 },
    });
    await expect(world.as(a)('lock.list')).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(world.as(b)('lock.list')).resolves.toBeDefined();
    world.clock.advance(1000);
    await expect(world.as(a)('lock.list')).resolves.toBeDefined();
    await expect(world.as(a)('lock.list')).rejects.toMatchObject({ code: 'rate_limited' });
    const rows = () => world.orchestrator.audit.list({ action: 'authorization.rate_limited' });
    expect(rows().map((e) => e.details)).toEqual([expect.objectContaining({ count: 1, role: 'tester' })]);
    world.clock.advance(60_000);
    expect(rows().map((e) => e.details)).toEqual([
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 2, repeated: true }),
    ]);
    for (let i = 0; i < 20; i++) await world.human('lock.list');
  });

  it('a flood of refused calls grows the audit by one row and one count per burst, not one row per call', async () => {
    const world = createWorld();
    const builder = await world.spawn('b1', 'builder');
    const size = () => world.orchestrator.audit.list({ limit: 1000 }).length;
    const before = size();
    for (let i = 0; i < 500; i++)
      await expect(world.as(builder)('role.update', { name: 'builder' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    expect(size()).toBe(before + 1);
    world.clock.advance(60_000);
    const denied = world.orchestrator.audit.list({ action: 'authorization.denied' });
    expect(denied.map((e) => [e.target, (e.details as { count: number }).count])).toEqual([
      ['role.update', 1],
      ['role.update', 499],
    ]);
    // The next burst starts with a row of its own, at once.
    await expect(world.as(builder)('role.update', { name: 'builder' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(world.orchestrator.audit.list({ action: 'authorization.denied' })).toHaveLength(3);
    await expect(world.human('audit.verify')).resolves.toMatchObject({ ok: true });
  });

  it('writes the count of a burst still open when the orchestrator closes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-refusals-')), 'db.sqlite');
    const world = createWorld(path);
    const builder = await world.spawn('b1', 'builder');
    for (let i = 0; i < 3; i++)
      await expect(world.as(builder)('role.update', { name: 'builder' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    await world.orchestrator.close();
    const reopened = createWorld(path);
    expect(
      reopened.orchestrator.audit.list({ action: 'authorization.denied' }).map((e) => e.details),
    ).toEqual([expect.objectContaining({ count: 1 }), expect.objectContaining({ count: 2, repeated: true })]);
    await reopened.orchestrator.close();
  });

  it("assertMayMessage follows the catalog's mayMessage", async () => {
    const world = createWorld();
    const monitor = await world.spawn('mon', 'monitor');
    const boss = await world.spawn('boss', 'orchestrator');
    const builder = await world.spawn('b', 'builder');
    expect(() => world.orchestrator.roles.assertMayMessage(monitor, boss.id)).not.toThrow();
    expect(() => world.orchestrator.roles.assertMayMessage(monitor, builder.id)).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        details: expect.objectContaining({ missing: 'message:builder' }),
      }),
    );
    expect(() => world.orchestrator.roles.assertMayMessage(boss, monitor.id)).not.toThrow();
    expect(() =>
      world.orchestrator.roles.assertMayMessage({ kind: 'human', id: 'human' }, builder.id),
    ).not.toThrow();
  });
});
