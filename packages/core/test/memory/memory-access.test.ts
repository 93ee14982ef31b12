import { describe, expect, it } from 'vitest';
import type { MemoryEntry, MemoryHit, Plan, Team } from '@switchboard/protocol';
import { createWorld, type World } from '../support/world';

const hitsOf = async (call: Promise<unknown>) =>
  ((await call) as { hits: MemoryHit[] }).hits.map((hit) => `${hit.entry.namespace}/${hit.entry.key}`);
const listed = async (call: Promise<unknown>) =>
  ((await call) as { entries: MemoryEntry[] }).entries.map((entry) => `${entry.namespace}/${entry.key}`);

async function teams(world: World) {
  const web = (await world.human('team.create', { name: 'web' })) as Team;
  const frontend = (await world.human('team.create', { name: 'frontend', parent: 'web' })) as Team;
  await world.human('team.create', { name: 'data' });
  return { web, frontend };
}

describe('shared memory: who may read and write which namespace', () => {
  it("an agent's private namespace is its own: a foreign agent (even an orchestrator) can neither read, write, delete, list nor find it (not_found)", async () => {
    const world = createWorld();
    const owner = await world.spawn('owner');
    const spy = await world.spawn('spy', 'orchestrator');
    await world.as(owner)('memory.put', {
      namespace: 'agent',
      key: 'diary',
      value: 'the zebra password hint is in the drawer',
    });

    await expect(world.as(owner)('memory.get', { namespace: 'agent', key: 'diary' })).resolves.toMatchObject({
      namespace: `agent:${owner.id}`,
      author: owner.id,
    });
    for (const namespace of [`agent:${owner.id}`, 'agent:owner']) {
      for (const [command, input] of [
        ['memory.get', {}],
        ['memory.delete', {}],
        ['memory.put', { value: 'overwritten' }],
        ['memory.list', {}],
      ] as const) {
        const refused = await world
          .as(spy)(command, { namespace, ...(command === 'memory.list' ? {} : { key: 'diary' }), ...input })
          .catch((e: unknown) => e);
        // Answered as a thing the spy may not see, not as one it is shown and may not touch.
        expect(refused, `${command} ${namespace}`).toMatchObject({
          code: 'not_found',
          message: `No namespace "agent:${owner.id}" of yours`,
        });
      }
    }
    expect(await hitsOf(world.as(spy)('memory.search', { query: 'zebra' }))).toEqual([]);
    expect(await listed(world.as(spy)('memory.list', {}))).toEqual([]);
    // The spy's own "agent" namespace is its own, not the owner's.
    await expect(world.as(spy)('memory.get', { namespace: 'agent', key: 'diary' })).rejects.toMatchObject({
      code: 'not_found',
    });
    // The human sees everything, by the agent's name or id.
    expect(await hitsOf(world.human('memory.search', { query: 'zebra' }))).toEqual([
      `agent:${owner.id}/diary`,
    ]);
    await expect(
      world.human('memory.get', { namespace: 'agent:owner', key: 'diary' }),
    ).resolves.toMatchObject({ value: 'the zebra password hint is in the drawer' });
    // Nothing the spy tried changed it.
    await expect(world.as(owner)('memory.get', { namespace: 'agent', key: 'diary' })).resolves.toMatchObject({
      version: 1,
    });
  });

  it("a team's namespace is its agents' and its sub-teams' agents'; other teams' are not found", async () => {
    const world = createWorld();
    const { web } = await teams(world);
    const lead = await world.spawn('lead', 'builder', 'web');
    const dev = await world.spawn('dev', 'builder', 'frontend');
    const analyst = await world.spawn('analyst', 'builder', 'data');
    const loner = await world.spawn('loner', 'builder');

    await expect(
      world.as(lead)('memory.put', { namespace: 'team', key: 'convention', value: 'tabs not spaces' }),
    ).resolves.toMatchObject({ namespace: `team:${web.id}` });
    await expect(
      world.as(dev)('memory.get', { namespace: 'team:web', key: 'convention' }),
    ).resolves.toMatchObject({ value: 'tabs not spaces' });
    // dev's own `team` is frontend: the entry is not there.
    await expect(world.as(dev)('memory.get', { namespace: 'team', key: 'convention' })).rejects.toMatchObject(
      { code: 'not_found' },
    );
    expect(await hitsOf(world.as(dev)('memory.search', { query: 'tabs' }))).toEqual([
      `team:${web.id}/convention`,
    ]);
    await expect(
      world.as(analyst)('memory.get', { namespace: 'team:web', key: 'convention' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await hitsOf(world.as(analyst)('memory.search', { query: 'tabs' }))).toEqual([]);
    await expect(
      world.as(loner)('memory.put', { namespace: 'team', key: 'x', value: 'y' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      world.human('memory.put', { namespace: 'team', key: 'x', value: 'y' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it("a plan's namespace is its participants'; global is everyone's", async () => {
    const world = createWorld();
    const planner = await world.spawn('planner', 'manager');
    const worker = await world.spawn('worker', 'builder');
    const outsider = await world.spawn('outsider', 'builder');
    const plan = (await world.as(planner)('plan.create', {
      name: 'ship',
      steps: [{ id: 'build', task: 'build it', assignee: { agent: 'worker' } }],
    })) as Plan;
    await expect(
      world.as(planner)('memory.put', { namespace: `plan:${plan.id}`, key: 'decision', value: 'use sqlite' }),
    ).resolves.toMatchObject({ author: planner.id });
    await expect(
      world.as(outsider)('memory.get', { namespace: `plan:${plan.id}`, key: 'decision' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await hitsOf(world.as(outsider)('memory.search', { query: 'sqlite' }))).toEqual([]);
    await world.as(outsider)('memory.put', { namespace: 'global', key: 'lunch', value: 'pizza at noon' });
    expect(await listed(world.as(planner)('memory.list', { namespace: 'global' }))).toEqual(['global/lunch']);
    const participant = await world
      .as(worker)('memory.get', { namespace: `plan:${plan.id}`, key: 'decision' })
      .catch((e: unknown) => e);
    // The worker is a participant: its step started at once (the plan names it).
    const steps = ((await world.human('plan.get', { plan: plan.id })) as Plan).steps;
    expect(steps[0]!.assigneeId).toBe(worker.id);
    expect(participant).toMatchObject({ value: 'use sqlite' });
  });

  it("reading is every role's; writing needs memory.put in the role (a monitor reads, cannot write)", async () => {
    const world = createWorld();
    const builder = await world.spawn('builder');
    const monitor = await world.spawn('watcher', 'monitor');
    await world.as(builder)('memory.put', { namespace: 'global', key: 'status', value: 'green' });
    await expect(
      world.as(monitor)('memory.get', { namespace: 'global', key: 'status' }),
    ).resolves.toMatchObject({ value: 'green' });
    await expect(
      world.as(monitor)('memory.put', { namespace: 'global', key: 'status', value: 'red' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'command:memory.put' },
    });
    await expect(
      world.as(monitor)('memory.delete', { namespace: 'global', key: 'status' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      world.as(builder)('memory.get', { namespace: 'global', key: 'status' }),
    ).resolves.toMatchObject({ value: 'green', version: 1 });
  });
});
