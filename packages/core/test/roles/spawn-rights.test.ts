// What an agent's spawn may give: without canChangeRoles, a role granting nothing beyond the spawner's own and a place
// in the spawner's team (or none). Until session 26 a devops — canSpawn, no canChangeRoles — spawned orchestrators
// (deciders, role changers, typing into every pane) and agents in any team, whose command it chose, reading that team's
// memory and messages.
import { describe, expect, it } from 'vitest';
import type { Agent, Caller } from '@switchboard/protocol';
import { DEFAULT_ROLES } from '../../src/roles/role-defaults';
import { rightsBeyond } from '../../src/roles/spawn-rights';
import { createWorld, type World } from '../support/world';
import { outcomeOf } from '../visibility/agent-probes';

const names = async (world: World) =>
  ((await world.human('agent.list', {})) as { agents: Agent[] }).agents.map((agent) => agent.name).sort();

async function fleet() {
  const world = createWorld();
  await world.orchestrator.ready;
  await world.human('team.create', { name: 'alpha' });
  await world.human('team.create', { name: 'beta' });
  const devops = await world.spawn('ops', 'devops', 'beta');
  const chief = await world.spawn('chief', 'orchestrator', 'beta');
  return { world, devops, chief };
}

/** The spawned agent's role, or the refusal (code, text, details). */
const spawnAs = (world: World, caller: Caller, input: Record<string, unknown>) =>
  outcomeOf(world.as(caller)('agent.spawn', { kind: 'shell', ...input })).then((outcome) =>
    'answer' in outcome ? { role: (outcome.answer as Agent).role } : outcome.refused,
  );

describe('agent.spawn by an agent: the role and team it may give', () => {
  it('a devops spawns the roles within its own (and the default), never one with more; nothing is spawned then', async () => {
    const { world, devops } = await fleet();
    const before = await names(world);
    const outcomes: Record<string, unknown> = {};
    for (const { name } of DEFAULT_ROLES)
      outcomes[name] = await spawnAs(world, devops, { name: `by-ops-${name}`, role: name, team: 'beta' });
    outcomes['(default)'] = await spawnAs(world, devops, { name: 'by-ops-default' });
    const refused = Object.entries(outcomes)
      .filter(([, outcome]) => 'code' in (outcome as object))
      .map(([role]) => role);
    expect(refused.sort()).toEqual(['manager', 'monitor', 'orchestrator']);
    expect(outcomes['orchestrator']).toMatchObject({
      code: 'forbidden',
      details: { missing: 'change_roles', role: 'devops' },
    });
    expect((outcomes['orchestrator'] as { message: string }).message).toContain(
      'Role "devops" may not spawn an agent of role "orchestrator": it grants what "devops" lacks (',
    );
    expect(outcomes['monitor']).toMatchObject({ code: 'forbidden' });
    expect((outcomes['monitor'] as { message: string }).message).toContain('pane.read.others');
    expect(outcomes['(default)']).toEqual({ role: 'custom' });
    const spawned = (await names(world)).filter((name) => !before.includes(name));
    expect(spawned.sort()).toEqual(
      ['builder', 'custom', 'debugger', 'devops', 'researcher', 'tester', 'default']
        .map((r) => `by-ops-${r}`)
        .sort(),
    );
  });

  it("a devops spawns into its own team or none, never another's (where the new agent would read that team's memory)", async () => {
    const { world, devops } = await fleet();
    const alpha = await world.spawn('alpha-1', 'builder', 'alpha');
    await world.as(alpha)('memory.put', { namespace: 'team', key: 'plan', value: 'alpha only' });
    const before = await names(world);
    expect(await spawnAs(world, devops, { name: 'into-alpha', team: 'alpha' })).toMatchObject({
      code: 'forbidden',
      message: 'Role "devops" may spawn agents only into its own team ("beta") or none, not "alpha"',
      details: { missing: 'change_roles', role: 'devops' },
    });
    expect(await names(world)).toEqual(before);
    expect(await spawnAs(world, devops, { name: 'into-beta', team: 'beta' })).toEqual({ role: 'custom' });
    expect(await spawnAs(world, devops, { name: 'teamless' })).toEqual({ role: 'custom' });
    // An unknown team or role is the spawn's to refuse, as for any caller.
    expect(await spawnAs(world, devops, { name: 'nowhere', team: 'gamma' })).toMatchObject({
      code: 'not_found',
    });
    expect(await spawnAs(world, devops, { name: 'typo', role: 'worker' })).toMatchObject({
      code: 'not_found',
    });
  });

  it('an orchestrator (canChangeRoles: it may give any agent any role) spawns any role into any team', async () => {
    const { world, chief } = await fleet();
    expect(await spawnAs(world, chief, { name: 'chief-2', role: 'orchestrator', team: 'alpha' })).toEqual({
      role: 'orchestrator',
    });
  });

  it("a role the human wrote: what its agents may spawn follows its rights, the fallback role's too", async () => {
    const { world } = await fleet();
    await world.human('role.update', {
      name: 'reader',
      commands: ['*.list', 'agent.whoami'],
      mayMessage: [],
      canSpawn: true,
    });
    const reader = await world.spawn('reader-1', 'reader');
    // `custom` (the default) holds locks, messages its peers and writes memory: more than a reader.
    const refused = await spawnAs(world, reader, { name: 'by-reader' });
    expect(refused).toMatchObject({ code: 'forbidden', details: { missing: 'change_roles' } });
    expect(await spawnAs(world, reader, { name: 'by-reader-2', role: 'reader' })).toEqual({ role: 'reader' });
  });

  it('rightsBeyond: every shipped role is within itself and within the orchestrator', () => {
    const orchestrator = DEFAULT_ROLES.find((role) => role.name === 'orchestrator')!;
    for (const role of DEFAULT_ROLES) {
      expect(rightsBeyond(role, role), role.name).toEqual([]);
      expect(rightsBeyond(role, orchestrator), role.name).toEqual([]);
    }
  });
});
