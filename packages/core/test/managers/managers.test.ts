import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanCaller, type Caller, type Manager, type Plan, type WorkerStatus } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { createWorld, type World } from '../support/world';

async function pool(world: World, names: string[], role = 'builder'): Promise<Caller[]> {
  const callers: Caller[] = [];
  for (const name of names) callers.push(await world.spawn(name, role));
  return callers;
}

const delegate = async (world: World, boss: Caller, manager: string, extra: Record<string, unknown> = {}) =>
  ((await world.as(boss)('manager.delegate', { manager, task: 'do it', ...extra })) as Plan).steps[0]!
    .assigneeId;

describe('managers (real SQLite, fake clock)', () => {
  it('least_busy reads real agent states reported by hooks, and running plan steps', async () => {
    const world = createWorld();
    const [w0, w1, w2] = await pool(world, ['w0', 'w1', 'w2']);
    const boss = await world.spawn('boss', 'manager');
    await world.as(boss)('manager.create', {
      name: 'crew',
      strategy: 'least_busy',
      workers: ['w0', 'w1', 'w2'].map((agent) => ({ agent })),
    });
    await world.as(w0!)('health.reportHook', { event: 'PostToolUse', toolName: 'Bash' });
    await world.as(w1!)('health.reportHook', { event: 'Stop' });
    await world.as(w2!)('health.reportHook', {
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'needs permission',
    });
    const status = (await world.as(boss)('manager.status', { manager: 'crew' })) as {
      workers: WorkerStatus[];
    };
    expect(status.workers.map((w) => w.state)).toEqual(['working', 'idle', 'waiting_for_input']);
    expect(await delegate(world, boss, 'crew')).toBe(w1!.id);
    expect(await delegate(world, boss, 'crew')).toBe(w2!.id);
    expect(await delegate(world, boss, 'crew')).toBe(w0!.id);
    expect(await delegate(world, boss, 'crew')).toBe(w1!.id);
    const after = (await world.as(boss)('manager.status', { manager: 'crew' })) as {
      workers: WorkerStatus[];
    };
    expect(after.workers.map((w) => w.runningSteps.length)).toEqual([1, 2, 1]);
  });

  it('round robin and random keep their memory in SQLite across a restart; the same seed gives the same picks', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-managers-')), 'switchboard.db');
    const clock = new FakeClock();
    const backend = createMemoryBackend();
    const first = createOrchestrator({ databasePath: path, backend, clock });
    const spawned = [];
    for (const name of ['a', 'b', 'c'])
      spawned.push((await first.fleet.spawn({ name, kind: 'shell', role: 'builder' })).agent.id);
    const spec = { workers: ['a', 'b', 'c'].map((agent) => ({ agent })) };
    const human = (o: Orchestrator) => (name: string, input: unknown) => o.invoke(humanCaller, name, input);
    const pick = async (o: Orchestrator, manager: string) =>
      ((await human(o)('manager.delegate', { manager, task: 'do it' })) as Plan).steps[0]!.assigneeId;
    await human(first)('manager.create', { name: 'rr', strategy: 'round_robin', ...spec });
    await human(first)('manager.create', { name: 'dice', strategy: 'random', seed: 7, ...spec });
    const picks = [await pick(first, 'rr'), await pick(first, 'rr')];
    const dice = [await pick(first, 'dice'), await pick(first, 'dice')];
    await first.close();

    const second = createOrchestrator({ databasePath: path, backend, clock });
    await second.ready;
    picks.push(await pick(second, 'rr'), await pick(second, 'rr'));
    expect(picks).toEqual([spawned[0], spawned[1], spawned[2], spawned[0]]);
    dice.push(await pick(second, 'dice'), await pick(second, 'dice'));
    await human(second)('manager.create', { name: 'dice2', strategy: 'random', seed: 7, ...spec });
    const again: (string | null)[] = [];
    for (let i = 0; i < 4; i++) again.push(await pick(second, 'dice2'));
    expect(again).toEqual(dice);
    expect(new Set(again).size).toBeGreaterThan(1);
    await second.close();
  });

  it('role and capability match; priority; nobody matching leaves the step waiting with the reason', async () => {
    const world = createWorld();
    const [t1, b1, b2] = [
      await world.spawn('t1', 'tester'),
      await world.spawn('b1', 'builder'),
      await world.spawn('b2', 'builder'),
    ];
    await world.human('manager.create', {
      name: 'mixed',
      strategy: 'priority',
      workers: [
        { agent: 't1', capabilities: ['python'] },
        { agent: 'b1', priority: 1 },
        { agent: 'b2', priority: 9, capabilities: ['python', 'gpu'] },
      ],
    });
    const human = { kind: 'human' as const, id: 'human' };
    expect(await delegate(world, human, 'mixed')).toBe(b2.id);
    expect(await delegate(world, human, 'mixed', { role: 'tester' })).toBe(t1.id);
    expect(await delegate(world, human, 'mixed', { capabilities: ['python'], role: 'builder' })).toBe(b2.id);
    expect(await delegate(world, human, 'mixed', { role: 'builder' })).toBe(b2.id);
    await world.human('manager.update', { manager: 'mixed', strategy: 'least_busy' });
    expect(await delegate(world, human, 'mixed', { role: 'builder' })).toBe(b1.id);
    const none = (await world.human('manager.delegate', {
      manager: 'mixed',
      task: 'x',
      capabilities: ['fpga'],
    })) as Plan;
    expect(none.steps[0]).toMatchObject({
      state: 'waiting',
      assigneeId: null,
      reason: 'no available worker of manager "mixed" with capabilities fpga',
    });
  });

  it('who may: agents without the manager role cannot create managers; only the owner delegates and steers; outsiders see nothing', async () => {
    const world = createWorld();
    const [w] = await pool(world, ['w']);
    const boss = await world.spawn('boss', 'manager');
    const rival = await world.spawn('rival', 'manager');
    const outsider = await world.spawn('outsider', 'builder');
    await expect(
      world.as(w!)('manager.create', { name: 'mine', workers: [{ agent: 'w' }] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const made = (await world.as(boss)('manager.create', {
      name: 'crew',
      workers: [{ agent: 'w' }],
    })) as Manager;
    await expect(
      world.as(boss)('manager.create', { name: 'bad', workers: [{ agent: 'ghost' }] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(world.as(rival)('manager.delegate', { manager: 'crew', task: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      world.as(rival)('plan.create', {
        name: 'sneak',
        steps: [{ id: 's', task: 'x', assignee: { manager: 'crew' } }],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('no manager "crew"') });
    await expect(world.as(outsider)('manager.status', { manager: made.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(((await world.as(outsider)('manager.list')) as { managers: unknown[] }).managers).toEqual([]);
    expect(
      ((await world.as(w!)('manager.list')) as { managers: Manager[] }).managers.map((m) => m.name),
    ).toEqual(['crew']);
    await world.as(boss)('manager.update', { manager: 'crew', removeWorkers: ['w'] });
    await expect(world.as(w!)('manager.status', { manager: 'crew' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await world.as(boss)('manager.delete', { manager: 'crew' });
    expect(((await world.human('manager.list')) as { managers: unknown[] }).managers).toEqual([]);
  });
});
