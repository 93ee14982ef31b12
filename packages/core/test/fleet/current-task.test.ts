import { describe, expect, it } from 'vitest';
import type {
  AgentTask,
  Caller,
  EventOf,
  FleetSnapshot,
  Message,
  Plan,
  SwitchboardEvent,
} from '@switchboard/protocol';
import { createWorld, type World } from '../support/world';

const tasksOf = async (world: World) => ((await world.human('fleet.snapshot')) as FleetSnapshot).tasks ?? [];
const taskOf = async (world: World, agent: Caller) =>
  (await tasksOf(world)).find((t) => t.agentId === agent.id);

/** Receives and acknowledges everything waiting for the agent, as an agent reading its inbox does. */
async function readInbox(world: World, agent: Caller): Promise<Message[]> {
  const { messages } = (await world.as(agent)('message.receive', {})) as { messages: Message[] };
  if (messages.length) await world.as(agent)('message.ack', { messageIds: messages.map((m) => m.id) });
  return messages;
}

describe("current task: plan step, else the agent's own note, else its last acknowledged instruction", () => {
  it('follows the three sources by rank and falls back as each ends', async () => {
    const world = createWorld();
    const worker = await world.spawn('worker');
    expect(await tasksOf(world)).toEqual([]);

    // An instruction counts once the agent acknowledged it (not when it is merely sent).
    await world.human('message.send', {
      kind: 'instruction',
      to: { agent: 'worker' },
      body: 'Update the\n  changelog for 2.4',
    });
    expect(await taskOf(world, worker)).toBeUndefined();
    const [instruction] = await readInbox(world, worker);
    expect(await taskOf(world, worker)).toMatchObject({
      source: 'instruction',
      text: 'Update the changelog for 2.4',
      ref: instruction!.id,
    });
    // A plain notification is not a task.
    await world.human('message.send', {
      kind: 'notification',
      to: { agent: 'worker' },
      body: 'lunch is here',
    });
    await readInbox(world, worker);
    expect((await taskOf(world, worker))!.text).toBe('Update the changelog for 2.4');

    // The agent's own word outranks the instruction; a heartbeat without a note leaves it; an empty note takes it back.
    await world.as(worker)('health.heartbeat', { note: 'running the migration tests' });
    expect(await taskOf(world, worker)).toMatchObject({
      source: 'status',
      text: 'running the migration tests',
      ref: null,
    });
    await world.as(worker)('health.heartbeat', {});
    expect((await taskOf(world, worker))!.source).toBe('status');

    // A plan step outranks both while it runs, and hands back when it completes.
    const plan = (await world.human('plan.create', {
      name: 'release',
      steps: [{ id: 'tag', task: 'Tag v2.4 and push the tag', assignee: { agent: 'worker' } }],
    })) as Plan;
    expect(await taskOf(world, worker)).toMatchObject({
      source: 'plan_step',
      text: 'Tag v2.4 and push the tag',
      ref: `plan:${plan.id}:tag`,
    });
    await world.as(worker)('plan.completeStep', { plan: plan.id, step: 'tag' });
    expect(await taskOf(world, worker)).toMatchObject({
      source: 'status',
      text: 'running the migration tests',
    });
    await world.as(worker)('health.heartbeat', { note: '' });
    // The plan's own instruction (acknowledged while the step ran) is now the last instruction.
    await readInbox(world, worker);
    expect(await taskOf(world, worker)).toMatchObject({ source: 'instruction' });
    expect((await taskOf(world, worker))!.text).toContain('Tag v2.4 and push the tag');

    const changes = world.events
      .filter((e): e is EventOf<'agent.task_changed'> => e.type === 'agent.task_changed')
      .map((e) => e.task?.source ?? null);
    expect(changes).toEqual(['instruction', 'status', 'plan_step', 'status', 'instruction', 'instruction']);
    await world.orchestrator.close();
  });

  it('is one bounded, redacted line; seen by the human and the agent itself, not by other agents; gone with the agent', async () => {
    const world = createWorld();
    const worker = await world.spawn('worker');
    const other = await world.spawn('other');
    const seen = { worker: [] as SwitchboardEvent[], other: [] as SwitchboardEvent[] };
    world.orchestrator.subscribe((e) => seen.worker.push(e), worker);
    world.orchestrator.subscribe((e) => seen.other.push(e), other);

    const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    await world.as(worker)('health.heartbeat', { note: `deploying with token ${secret}` });
    const task = (await taskOf(world, worker))!;
    expect(task.text).not.toContain(secret);
    expect(task.text).toMatch(/^deploying with token \S*REDACTED/i);

    await world.human('message.send', {
      kind: 'instruction',
      to: { agent: 'other' },
      body: `Rewrite ${'the parser '.repeat(60)}`,
    });
    await readInbox(world, other);
    const long = (await taskOf(world, other))!;
    expect(long.text.length).toBe(200);
    expect(long.text.endsWith('…')).toBe(true);

    const changedFor = (events: SwitchboardEvent[]) =>
      events
        .filter((e): e is EventOf<'agent.task_changed'> => e.type === 'agent.task_changed')
        .map((e) => e.agentId);
    expect(changedFor(seen.worker)).toEqual([worker.id]);
    expect(changedFor(seen.other)).toEqual([other.id]);
    await expect(world.as(other)('fleet.snapshot')).rejects.toMatchObject({ code: 'forbidden' });

    await world.human('agent.close', { agent: 'worker' });
    expect((await tasksOf(world)).map((t: AgentTask) => t.agentId)).toEqual([other.id]);
    await world.orchestrator.close();
  });
});
