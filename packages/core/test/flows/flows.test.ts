import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  humanCaller,
  type Caller,
  type Flow,
  type FlowDryRunHit,
  type FlowFiring,
  type Plan,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { createWorld, settle, type World } from '../support/world';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );
const sentBy = (events: SwitchboardEvent[], correlationId: string) =>
  events.filter(
    (e): e is Extract<SwitchboardEvent, { type: 'message.sent' }> =>
      e.type === 'message.sent' && e.correlationId === correlationId,
  );
const firings = async (call: (name: string, input?: unknown) => Promise<unknown>, flow: string) =>
  ((await call('flow.firings', { flow })) as { firings: FlowFiring[] }).firings;
/** Lets fired actions run to their end (they run a microtask after the event, through the dispatcher). */
const idle = async (world: World) => {
  await settle();
  await world.orchestrator.flows.idle();
};
const note = (to: string, body: string) => ({ kind: 'notification', to: { agent: to }, body });

describe('flows (real SQLite, fake clock)', () => {
  it('a message trigger runs the first branch whose conditions hold, as its owner, through the real commands', async () => {
    const world = createWorld();
    const [a, b] = [await world.spawn('a'), await world.spawn('b')];
    const ops = await world.spawn('ops');
    const flow = (await world.human('flow.create', {
      name: 'escalate',
      trigger: { on: 'message', kind: 'request', to: 'b' },
      branches: [
        {
          name: 'urgent',
          when: [{ field: 'priority', equals: 'urgent' }],
          actions: [{ do: 'notify', level: 'error', summary: 'urgent request from {{agentName}}' }],
        },
        {
          name: 'else',
          actions: [
            { do: 'send', to: { agent: 'ops' }, body: 'b got {{kind}} {{messageId}} from {{agentName}}' },
          ],
        },
      ],
    })) as Flow;
    expect(flow).toMatchObject({
      ownerId: humanCaller.id,
      enabled: true,
      maxFiringsPerMinute: 6,
      lastFirings: [],
    });

    await world.as(a)('message.send', { kind: 'request', to: { agent: 'b' }, body: 'review please' });
    await world.as(a)('message.send', { kind: 'notification', to: { agent: 'b' }, body: 'not a request' });
    await world.as(a)('message.send', {
      kind: 'request',
      to: { agent: 'b' },
      body: 'now!',
      priority: 'urgent',
    });
    await idle(world);

    const [urgent, plain] = await firings(world.human, flow.id);
    expect(plain).toMatchObject({
      outcome: 'fired',
      branch: 1,
      actions: [{ do: 'send', command: 'message.send', ok: true }],
    });
    expect(urgent).toMatchObject({
      outcome: 'fired',
      branch: 0,
      actions: [{ do: 'notify', command: 'human.notify', ok: true }],
    });
    const sent = sentBy(world.events, `flow:${flow.id}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ senderId: humanCaller.id, recipientIds: [ops.id] });
    const inbox = (await world.as(ops)('message.receive', {})) as { messages: { body: string }[] };
    expect(inbox.messages[0]!.body).toMatch(/^b got request \S+ from a$/);
    expect(world.events.filter((e) => e.type === 'human.notified')).toHaveLength(1);
    expect(b.id).toBeTruthy();
  });

  it("a flow that fires on its own action's event does not loop; two flows feeding each other stop after one round", async () => {
    const world = createWorld();
    const [b, c] = [await world.spawn('b'), await world.spawn('c')];
    const self = (await world.human('flow.create', {
      name: 'echo',
      maxFiringsPerMinute: 60,
      trigger: { on: 'message', kind: 'notification', to: 'b' },
      branches: [{ actions: [{ do: 'send', to: { agent: 'b' }, body: 'echo of {{messageId}}' }] }],
    })) as Flow;
    await world.human('message.send', note('b', 'hello'));
    await idle(world);
    world.clock.advance(10);
    await idle(world);
    expect(sentBy(world.events, `flow:${self.id}`)).toHaveLength(1);
    expect((await firings(world.human, self.id)).map((f) => f.outcome)).toEqual(['loop', 'fired']);
    await world.human('flow.disable', { flow: 'echo' });

    const there = (await world.human('flow.create', {
      name: 'b-to-c',
      maxFiringsPerMinute: 60,
      trigger: { on: 'message', to: 'b' },
      branches: [{ actions: [{ do: 'send', to: { agent: 'c' }, body: 'from b: {{messageId}}' }] }],
    })) as Flow;
    const back = (await world.human('flow.create', {
      name: 'c-to-b',
      maxFiringsPerMinute: 60,
      trigger: { on: 'message', to: 'c' },
      branches: [{ actions: [{ do: 'send', to: { agent: 'b' }, body: 'from c: {{messageId}}' }] }],
    })) as Flow;
    await world.human('message.send', note('b', 'start'));
    for (let i = 0; i < 5; i += 1) await idle(world);
    expect(sentBy(world.events, `flow:${there.id}`)).toHaveLength(1);
    expect(sentBy(world.events, `flow:${back.id}`)).toHaveLength(1);
    expect((await firings(world.human, there.id)).map((f) => f.outcome)).toEqual(['loop', 'fired']);
    expect([b.id, c.id]).toHaveLength(2);
  });

  it('fires at most maxFiringsPerMinute in any 60 s (suppressed ones recorded), and fires again after the window', async () => {
    const world = createWorld();
    await world.spawn('b');
    const flow = (await world.human('flow.create', {
      name: 'limited',
      maxFiringsPerMinute: 2,
      trigger: { on: 'message', to: 'b' },
      branches: [{ actions: [{ do: 'notify', summary: 'b got {{messageId}}' }] }],
    })) as Flow;
    for (let i = 0; i < 4; i += 1) await world.human('message.send', note('b', `m${i}`));
    await idle(world);
    expect((await firings(world.human, flow.id)).map((f) => f.outcome).sort()).toEqual([
      'fired',
      'fired',
      'rate_limited',
      'rate_limited',
    ]);
    world.clock.advance(61_000);
    await world.human('message.send', note('b', 'later'));
    await idle(world);
    expect((await firings(world.human, flow.id))[0]!.outcome).toBe('fired');
    expect(world.events.filter((e) => e.type === 'human.notified')).toHaveLength(3);
  });

  it('who may: a builder may not create flows; a manager may, sees only its own, and its flow acts with its rights on what it may see', async () => {
    const world = createWorld();
    const [a, b] = [await world.spawn('a'), await world.spawn('b')];
    const boss = await world.spawn('boss', 'manager');
    const spec = {
      name: 'mine',
      trigger: { on: 'message', to: 'boss' },
      branches: [
        {
          actions: [
            { do: 'spawn', template: 'x' },
            { do: 'send', to: { agent: 'a' }, body: 'boss got one' },
          ],
        },
      ],
    };
    expect(await code(world.as(a)('flow.create', spec))).toBe('forbidden');
    const mine = (await world.as(boss)('flow.create', spec)) as Flow;
    const humanFlow = (await world.human('flow.create', { ...spec, name: 'human-one' })) as Flow;
    expect(((await world.as(boss)('flow.list', {})) as { flows: Flow[] }).flows.map((f) => f.id)).toEqual([
      mine.id,
    ]);
    expect(await code(world.as(boss)('flow.disable', { flow: humanFlow.id }))).toBe('not_found');
    expect(await code(world.as(a)('flow.remove', { flow: mine.id }))).toBe('forbidden');
    const other = await world.spawn('other-boss', 'manager');
    expect(await code(world.as(other)('flow.remove', { flow: mine.id }))).toBe('not_found');
    await world.human('flow.disable', { flow: humanFlow.id });

    // A message between a and b: the manager may not see it, so its flow (on any message) never hears of it.
    await world.as(boss)('flow.update', { flow: mine.id, spec: { ...spec, trigger: { on: 'message' } } });
    await world.as(a)('message.send', note('b', 'private'));
    await idle(world);
    expect(await firings(world.as(boss), mine.id)).toEqual([]);

    await world.as(b)('message.send', note('boss', 'hi boss'));
    await idle(world);
    // Its own send to a is a message it sees too: recorded as a loop, not run again.
    expect((await firings(world.as(boss), mine.id)).map((f) => f.outcome)).toEqual(['loop', 'fired']);
    const firing = (await firings(world.as(boss), mine.id)).find((f) => f.outcome === 'fired');
    // template.spawn is the human's: refused for the manager's flow as it would be for the manager; the send goes out as the manager.
    expect(firing!.actions).toMatchObject([
      { do: 'spawn', ok: false, error: expect.stringMatching(/^forbidden/) },
      { do: 'send', ok: true },
    ]);
    expect(sentBy(world.events, `flow:${mine.id}`)[0]).toMatchObject({ senderId: boss.id });
    const bossSaw: string[] = [];
    const aSaw: string[] = [];
    world.orchestrator.subscribe((e) => bossSaw.push(e.type), boss);
    world.orchestrator.subscribe((e) => aSaw.push(e.type), a);
    await world.as(b)('message.send', note('boss', 'again'));
    await idle(world);
    expect(bossSaw).toContain('flow.fired');
    expect(aSaw.filter((t) => t.startsWith('flow.'))).toEqual([]);
  });

  it('refuses bad input and changes nothing: an invalid RE2 pattern, a duplicate name, a spec beyond the bounds', async () => {
    const world = createWorld();
    const base = {
      name: 'f',
      trigger: { on: 'output', pattern: { regex: '(a' } },
      branches: [{ actions: [{ do: 'notify', summary: 's' }] }],
    };
    expect(await code(world.human('flow.create', base))).toBe('invalid_input');
    expect(
      await code(
        world.human('flow.create', {
          ...base,
          trigger: { on: 'output' },
          branches: [
            { when: [{ field: 'line', matches: { regex: '(?<=x)' } }], actions: base.branches[0]!.actions },
          ],
        }),
      ),
    ).toBe('invalid_input');
    expect(
      await code(
        world.human('flow.create', {
          ...base,
          trigger: { on: 'output' },
          branches: [{ actions: Array(11).fill({ do: 'notify', summary: 's' }) }],
        }),
      ),
    ).toBe('invalid_input');
    expect(
      await code(world.human('flow.create', { ...base, trigger: { on: 'schedule', everySeconds: 1 } })),
    ).toBe('invalid_input');
    expect(
      await code(
        world.human('flow.create', {
          ...base,
          trigger: { on: 'output' },
          branches: [{ when: [{ field: '__proto__..x', exists: true }], actions: base.branches[0]!.actions }],
        }),
      ),
    ).toBe('invalid_input');
    expect(((await world.human('flow.list', {})) as { flows: Flow[] }).flows).toEqual([]);
    await world.human('flow.create', { ...base, trigger: { on: 'output' } });
    expect(await code(world.human('flow.create', { ...base, trigger: { on: 'output' } }))).toBe('conflict');
    expect(world.events.filter((e) => e.type === 'flow.created')).toHaveLength(1);
  });

  it('dry run replays recorded events: what would have fired and with what input, sending and storing nothing', async () => {
    const world = createWorld();
    const [a] = [await world.spawn('a'), await world.spawn('b')];
    await world.as(a)('message.send', { kind: 'request', to: { agent: 'b' }, body: 'one' });
    await world.as(a)('message.send', { kind: 'notification', to: { agent: 'b' }, body: 'two' });
    await world.as(a)('message.send', { kind: 'request', to: { agent: 'b' }, body: 'three' });
    world.clock.advance(2000);
    const spec = {
      name: 'draft',
      enabled: false,
      maxFiringsPerMinute: 1,
      trigger: { on: 'message', kind: 'request' },
      branches: [
        {
          actions: [
            { do: 'send', to: { agent: 'b' }, body: 'seen {{messageId}}' },
            { do: 'notify', summary: 'x' },
          ],
        },
      ],
    };
    const before = world.events.length;
    const draft = (await world.human('flow.dryRun', { spec })) as { replayed: number; hits: FlowDryRunHit[] };
    expect(draft.replayed).toBeGreaterThanOrEqual(3);
    expect(draft.hits.map((h) => h.outcome)).toEqual(['fired', 'rate_limited']);
    expect(draft.hits[0]!.actions.map((x) => x.command)).toEqual(['message.send', 'human.notify']);
    expect(draft.hits[0]!.actions[0]!.input).toMatchObject({
      to: { agent: 'b' },
      body: expect.stringMatching(/^seen \S+/),
    });
    const stored = (await world.human('flow.create', spec)) as Flow;
    const replay = (await world.human('flow.dryRun', { flow: stored.id, limit: 2 })) as {
      replayed: number;
      hits: FlowDryRunHit[];
    };
    expect(replay.replayed).toBe(2);
    await idle(world);
    // Nothing was sent, fired or stored by either dry run (the only new event is the flow's creation).
    expect(world.events.slice(before).map((e) => e.type)).toEqual(['flow.created']);
    expect(await firings(world.human, stored.id)).toEqual([]);
    // An agent's draft replays only what it may see: b saw the messages to it, an outsider none.
    const outsider = await world.spawn('outsider', 'manager');
    const theirs = (await world.as(outsider)('flow.dryRun', { spec })) as { hits: FlowDryRunHit[] };
    expect(theirs.hits).toEqual([]);
  });

  it('plan events trigger by plan name and step; start_plan goes through plan.create', async () => {
    const world = createWorld();
    const a = await world.spawn('a');
    const flow = (await world.human('flow.create', {
      name: 'on-build-fail',
      trigger: { on: 'plan', events: ['step_failed'], plan: 'release', step: 'build' },
      conditions: [{ field: 'final', equals: true }],
      branches: [
        {
          actions: [
            {
              do: 'start_plan',
              plan: {
                name: 'fix-build',
                steps: [{ id: 'fix', task: 'Fix the build', assignee: { agent: 'a' } }],
              },
            },
          ],
        },
      ],
    })) as Flow;
    const plan = (await world.human('plan.create', {
      name: 'release',
      steps: [{ id: 'build', task: 'Build', assignee: { agent: 'a' }, retries: 1 }],
    })) as Plan;
    await world.as(a)('plan.failStep', { plan: plan.id, step: 'build', reason: 'compile error' });
    await idle(world);
    expect(await firings(world.human, flow.id)).toEqual([]);
    await world.as(a)('plan.failStep', { plan: plan.id, step: 'build', reason: 'still broken' });
    await idle(world);
    const [firing] = await firings(world.human, flow.id);
    expect(firing).toMatchObject({
      outcome: 'fired',
      event: { type: 'plan.step_failed' },
      actions: [{ command: 'plan.create', ok: true }],
    });
    const plans = (await world.human('plan.list', {})) as { plans: { name: string }[] };
    expect(plans.plans.map((p) => p.name).sort()).toEqual(['fix-build', 'release']);
  });

  it('property: for any burst of matching and other messages over time, each 60 s holds at most the limit of firings, and every match is recorded once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ request: fc.boolean(), gapMs: fc.integer({ min: 0, max: 40_000 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (sends, limit) => {
          const world = createWorld();
          await world.spawn('b');
          const flow = (await world.human('flow.create', {
            name: 'p',
            maxFiringsPerMinute: limit,
            trigger: { on: 'message', kind: 'request' },
            branches: [{ actions: [{ do: 'notify', summary: 'r' }] }],
          })) as Flow;
          for (const [i, send] of sends.entries()) {
            world.clock.advance(send.gapMs);
            await world.human('message.send', {
              kind: send.request ? 'request' : 'notification',
              to: { agent: 'b' },
              body: `m${i}`,
              dedupe: false,
            });
            await idle(world);
          }
          const recorded = await firings(world.human, flow.id);
          expect(recorded).toHaveLength(Math.min(50, sends.filter((s) => s.request).length));
          const fired = recorded.filter((f) => f.outcome === 'fired').map((f) => Date.parse(f.at));
          for (const t of fired)
            expect(fired.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(limit);
          expect(world.events.filter((e) => e.type === 'human.notified')).toHaveLength(fired.length);
          await world.orchestrator.close();
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('flows survive a host restart (SQLite file)', () => {
  it('keeps flows, their firings and rate count, and re-arms schedules', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-flows-')), 'switchboard.db');
    const clock = new FakeClock();
    const backend = createMemoryBackend();
    const human =
      (o: Orchestrator) =>
      (name: string, input: unknown = {}) =>
        o.invoke(humanCaller, name, input);
    const first = createOrchestrator({ databasePath: path, backend, clock });
    await first.ready;
    const b: Caller = {
      kind: 'agent',
      id: (await first.fleet.spawn({ name: 'b', kind: 'shell', role: 'builder' })).agent.id,
    };
    const limited = (await human(first)('flow.create', {
      name: 'limited',
      maxFiringsPerMinute: 1,
      trigger: { on: 'message', to: 'b' },
      branches: [{ actions: [{ do: 'notify', summary: 'x' }] }],
    })) as Flow;
    const tick = (await human(first)('flow.create', {
      name: 'tick',
      trigger: { on: 'schedule', everySeconds: 60 },
      branches: [{ actions: [{ do: 'send', to: { agent: 'b' }, body: 'tick at {{at}}' }] }],
    })) as Flow;
    await human(first)('message.send', note('b', 'one'));
    await settle();
    await first.flows.idle();
    await first.close();

    const second = createOrchestrator({ databasePath: path, backend, clock });
    await second.ready;
    await settle();
    const listed = ((await human(second)('flow.list')) as { flows: Flow[] }).flows;
    expect(listed.map((f) => f.name)).toEqual(['limited', 'tick']);
    expect(listed[0]!.lastFirings.map((f) => f.outcome)).toEqual(['fired']);
    await human(second)('message.send', note('b', 'two'));
    await settle();
    await second.flows.idle();
    // Still inside the minute of the firing before the restart.
    expect((await firings(human(second), limited.id)).map((f) => f.outcome)).toEqual([
      'rate_limited',
      'fired',
    ]);
    clock.advance(60_000);
    await settle();
    await second.flows.idle();
    const [ticked] = await firings(human(second), tick.id);
    expect(ticked).toMatchObject({
      outcome: 'fired',
      event: { type: 'schedule', sequence: null },
      actions: [{ command: 'message.send', ok: true }],
    });
    const inbox = (await second.invoke(b, 'message.receive', {})) as { messages: { body: string }[] };
    expect(inbox.messages.map((m) => m.body)).toContain(`tick at ${new Date(clock.now()).toISOString()}`);
    // Replay history survived too (written on close).
    const replay = (await human(second)('flow.dryRun', { flow: limited.id })) as { hits: FlowDryRunHit[] };
    expect(replay.hits.length).toBeGreaterThanOrEqual(2);
    await second.close();
  });
});
