import { describe, expect, it } from 'vitest';
import type { Approval, Caller, Message, Plan } from '@switchboard/protocol';
import { createWorld, settle, type World } from '../support/world';

const step = (
  id: string,
  assignee: string,
  dependsOn: string[] = [],
  extra: Record<string, unknown> = {},
) => ({ id, task: `do ${id}`, assignee: { agent: assignee }, dependsOn, ...extra });
const states = (plan: Plan) => Object.fromEntries(plan.steps.map((s) => [s.id, s.state]));

async function crew(world: World, ...names: string[]): Promise<Caller[]> {
  const callers: Caller[] = [];
  for (const name of names) callers.push(await world.spawn(name, 'builder'));
  return callers;
}

async function inbox(world: World, agent: Caller): Promise<Message[]> {
  return ((await world.as(agent)('message.peek', { limit: 50 })) as { messages: Message[] }).messages;
}

describe('plans: execution', () => {
  it('runs build → (test ∥ lint) → report: instructions with correlation ids, parallel steps together, events in order', async () => {
    const world = createWorld();
    const [b, t, l, r] = await crew(world, 'b', 't', 'l', 'r');
    const manager = await world.spawn('boss', 'manager');
    const plan = (await world.as(manager)('plan.create', {
      name: 'release',
      steps: [
        step('build', 'b'),
        step('test', 't', ['build']),
        step('lint', 'l', ['build']),
        step('report', 'r', ['test', 'lint']),
      ],
    })) as Plan;
    expect(states(plan)).toEqual({ build: 'running', test: 'waiting', lint: 'waiting', report: 'waiting' });
    const [instruction] = await inbox(world, b!);
    expect(instruction).toMatchObject({
      kind: 'instruction',
      senderId: manager.id,
      correlationId: `plan:${plan.id}:build:1`,
    });
    expect(instruction!.body).toContain('do build');
    expect(instruction!.body).toContain('plan_completeStep');

    await world.as(b!)('plan.completeStep', { plan: plan.id, step: 'build', output: 'built' });
    const middle = (await world.as(manager)('plan.get', { plan: plan.id })) as Plan;
    expect(states(middle)).toEqual({
      build: 'completed',
      test: 'running',
      lint: 'running',
      report: 'waiting',
    });
    await world.as(l!)('plan.completeStep', { plan: plan.id, step: 'lint' });
    await world.as(t!)('plan.completeStep', { plan: plan.id, step: 'test' });
    await world.as(r!)('plan.completeStep', { plan: plan.id, step: 'report', output: 'all green' });
    const done = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect(done.state).toBe('completed');
    expect(done.steps.find((s) => s.id === 'report')).toMatchObject({
      output: 'all green',
      assigneeId: r!.id,
      attempt: 1,
    });
    const planEvents = world.events
      .filter((e) => e.type.startsWith('plan.'))
      .map((e) =>
        e.type.startsWith('plan.step') ? `${e.type}:${(e as { step: { id: string } }).step.id}` : e.type,
      );
    expect(planEvents).toEqual([
      'plan.created',
      'plan.step_started:build',
      'plan.step_completed:build',
      'plan.step_started:test',
      'plan.step_started:lint',
      'plan.step_completed:lint',
      'plan.step_completed:test',
      'plan.step_started:report',
      'plan.step_completed:report',
      'plan.state_changed',
    ]);
  });

  it('refuses cycles, unknown dependencies and unreachable steps with invalid_input naming each, and creates nothing', async () => {
    const world = createWorld();
    await crew(world, 'a');
    const refused = (await world
      .human('plan.create', {
        name: 'bad',
        steps: [
          step('x', 'a', ['z']),
          step('y', 'a', ['x']),
          step('z', 'a', ['y']),
          step('after', 'a', ['x']),
          step('orphan', 'a', ['ghost']),
          step('free', 'a'),
        ],
      })
      .catch((e: unknown) => e)) as {
      code: string;
      message: string;
      details: { cycles: string[][]; unknown: unknown[]; unreachable: string[] };
    };
    expect(refused.code).toBe('invalid_input');
    expect(refused.details.cycles).toEqual([['x', 'y', 'z']]);
    expect(refused.details.unknown).toEqual([{ step: 'orphan', dependency: 'ghost' }]);
    expect(refused.details.unreachable).toEqual(['after']);
    for (const word of ['x ↔ y ↔ z', 'orphan → ghost', 'after']) expect(refused.message).toContain(word);
    await expect(
      world.human('plan.create', { name: 'who', steps: [step('a', 'nobody')] }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('no agent "nobody"') });
    await expect(
      world.human('plan.create', {
        name: 're',
        steps: [step('a', 'a', [], { validation: { regex: '(?<=x)y' } })],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(((await world.human('plan.list')) as { plans: unknown[] }).plans).toEqual([]);
    expect(world.events.some((e) => e.type.startsWith('plan.'))).toBe(false);
  });

  it('validation: an output that misses the regex fails the attempt, the retry gets a new correlation id, a matching one completes', async () => {
    const world = createWorld();
    const [a] = await crew(world, 'a');
    const plan = (await world.human('plan.create', {
      name: 'v',
      steps: [step('test', 'a', [], { retries: 1, validation: { regex: '^PASS\\b', flags: 'm' } })],
    })) as Plan;
    const first = (await world.as(a!)('plan.completeStep', {
      plan: plan.id,
      step: 'test',
      output: 'FAIL 3 tests',
    })) as { accepted: boolean; step: Plan['steps'][number] };
    expect(first).toMatchObject({
      accepted: false,
      step: { state: 'running', attempt: 2, correlationId: `plan:${plan.id}:test:2` },
    });
    expect(world.events.filter((e) => e.type === 'plan.step_failed')).toMatchObject([
      { failure: 'validation', final: false },
    ]);
    expect(world.events.some((e) => e.type === 'plan.step_retried')).toBe(true);
    const second = (await world.as(a!)('plan.completeStep', {
      plan: plan.id,
      step: 'test',
      output: 'log\nPASS 12 tests',
    })) as { accepted: boolean };
    expect(second.accepted).toBe(true);
    expect(((await world.human('plan.get', { plan: plan.id })) as Plan).state).toBe('completed');
    // A hostile pattern is matched by RE2 (linear in the output: step-validation.test.ts proves the engine)
    // on at most 32,000 characters: the longest adversarial output is answered, a longer one refused unread.
    const hostile = (await world.human('plan.create', {
      name: 'redos',
      steps: [step('s', 'a', [], { validation: { regex: '^(a+)+$' } })],
    })) as Plan;
    const over = { plan: hostile.id, step: 's', output: `${'a'.repeat(32_000)}b` };
    await expect(world.as(a!)('plan.completeStep', over)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(((await world.human('plan.get', { plan: hostile.id })) as Plan).steps[0]).toMatchObject({
      state: 'running',
      attempt: 1,
    });
    const longest = { plan: hostile.id, step: 's', output: `${'a'.repeat(31_999)}b` };
    expect(await world.as(a!)('plan.completeStep', longest)).toMatchObject({ accepted: false });
  });

  it('a reply to the instruction reports the step: its body is validated; replies to an old attempt or from anyone else change nothing', async () => {
    const world = createWorld();
    const [a, b] = await crew(world, 'a', 'b');
    const boss = await world.spawn('boss', 'manager');
    const plan = (await world.as(boss)('plan.create', {
      name: 'reply',
      steps: [step('test', 'a', [], { retries: 1, validation: { regex: 'PASS' } })],
    })) as Plan;
    const [first] = await inbox(world, a!);
    await world.as(a!)('message.send', { kind: 'reply', replyTo: first!.id, body: 'FAIL: 2 tests' });
    let now = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect(now.steps[0]).toMatchObject({ state: 'running', attempt: 2 });
    await world.as(a!)('message.send', {
      kind: 'reply',
      replyTo: first!.id,
      body: 'PASS (late, for attempt 1)',
    });
    await world.as(b!)('message.send', {
      kind: 'reply',
      to: { agent: 'boss' },
      correlationId: `plan:${plan.id}:test:2`,
      body: 'PASS (not mine)',
    });
    now = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect(now.steps[0]).toMatchObject({ state: 'running', attempt: 2 });
    const second = (await inbox(world, a!)).find((m) => m.correlationId === `plan:${plan.id}:test:2`)!;
    await world.as(a!)('message.send', { kind: 'reply', replyTo: second.id, body: 'PASS: 12 tests' });
    now = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect([now.state, now.steps[0]!.output]).toEqual(['completed', 'PASS: 12 tests']);
  });

  it('timeouts come from the Clock: the attempt fails with plan.step_timed_out, is retried, and the last failure skips exactly the dependents', async () => {
    const world = createWorld();
    await crew(world, 'a', 'b');
    const plan = (await world.human('plan.create', {
      name: 't',
      steps: [
        step('slow', 'a', [], { timeoutSeconds: 60, retries: 1 }),
        step('next', 'b', ['slow']),
        step('other', 'b'),
      ],
    })) as Plan;
    world.clock.advance(59_999);
    expect(world.events.some((e) => e.type === 'plan.step_timed_out')).toBe(false);
    world.clock.advance(1);
    expect(world.events.filter((e) => e.type === 'plan.step_timed_out')).toHaveLength(1);
    world.clock.advance(60_000);
    const after = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect(states(after)).toEqual({ slow: 'failed', next: 'skipped', other: 'running' });
    expect(after.steps[0]).toMatchObject({ attempt: 2, reason: 'no result within 60s' });
    await world.human('plan.completeStep', { plan: plan.id, step: 'other' });
    expect(((await world.human('plan.get', { plan: plan.id })) as Plan).state).toBe('failed');
  });

  it('approval gates: the step waits for the human; approved it starts, denied it fails without retries', async () => {
    const world = createWorld();
    await crew(world, 'a');
    const plan = (await world.human('plan.create', {
      name: 'g',
      steps: [
        step('deploy', 'a', [], { approval: true, retries: 3 }),
        step('migrate', 'a', [], { approval: true }),
      ],
    })) as Plan;
    expect(states(plan)).toEqual({ deploy: 'awaiting_approval', migrate: 'awaiting_approval' });
    const { approvals } = (await world.human('approval.list', { kind: 'plan_step' })) as {
      approvals: Approval[];
    };
    expect(approvals).toHaveLength(2);
    const byStep = (id: string) => approvals.find((a) => a.payload['stepId'] === id)!.id;
    await world.human('approval.decide', {
      decisions: [
        { id: byStep('deploy'), verdict: 'approve' },
        { id: byStep('migrate'), verdict: 'deny' },
      ],
    });
    const after = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect(states(after)).toEqual({ deploy: 'running', migrate: 'failed' });
    expect(after.steps[1]).toMatchObject({ attempt: 0, reason: 'approval denied' });
  });

  it('pause holds new steps, resume starts them; cancel ends the rest and tells the running assignee', async () => {
    const world = createWorld();
    const [a, b] = await crew(world, 'a', 'b');
    const plan = (await world.human('plan.create', {
      name: 'p',
      steps: [step('one', 'a'), step('two', 'b', ['one']), step('three', 'b', ['two'])],
    })) as Plan;
    await world.human('plan.pause', { plan: plan.id });
    await world.as(a!)('plan.completeStep', { plan: plan.id, step: 'one' });
    expect(states((await world.human('plan.get', { plan: plan.id })) as Plan)).toEqual({
      one: 'completed',
      two: 'waiting',
      three: 'waiting',
    });
    await world.human('plan.resume', { plan: plan.id });
    expect(states((await world.human('plan.get', { plan: plan.id })) as Plan)).toEqual({
      one: 'completed',
      two: 'running',
      three: 'waiting',
    });
    const cancelled = (await world.human('plan.cancel', {
      plan: plan.id,
      reason: 'changed my mind',
    })) as Plan;
    expect(cancelled.state).toBe('cancelled');
    expect(states(cancelled)).toEqual({ one: 'completed', two: 'cancelled', three: 'cancelled' });
    expect((await inbox(world, b!)).map((m) => m.kind)).toEqual(['instruction', 'notification']);
    await expect(world.as(b!)('plan.completeStep', { plan: plan.id, step: 'two' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('retryStep revives a failed plan and its skipped dependents; reassignStep re-sends a running step to the new assignee', async () => {
    const world = createWorld();
    const [a, b, c] = await crew(world, 'a', 'b', 'c');
    const plan = (await world.human('plan.create', {
      name: 'r',
      steps: [step('one', 'a'), step('two', 'b', ['one'])],
    })) as Plan;
    await world.as(a!)('plan.failStep', { plan: plan.id, step: 'one', reason: 'disk full' });
    let now = (await world.human('plan.get', { plan: plan.id })) as Plan;
    expect([now.state, states(now)]).toEqual(['failed', { one: 'failed', two: 'skipped' }]);
    now = (await world.human('plan.retryStep', { plan: plan.id, step: 'one' })) as Plan;
    expect([now.state, states(now)]).toEqual(['running', { one: 'running', two: 'waiting' }]);
    expect(now.steps[0]).toMatchObject({ attempt: 2, correlationId: `plan:${plan.id}:one:2` });
    await world.as(a!)('plan.completeStep', { plan: plan.id, step: 'one' });
    now = (await world.human('plan.reassignStep', {
      plan: plan.id,
      step: 'two',
      assignee: { agent: 'c' },
    })) as Plan;
    expect(now.steps[1]).toMatchObject({ state: 'running', assigneeId: c!.id, attempt: 2 });
    await expect(world.as(b!)('plan.completeStep', { plan: plan.id, step: 'two' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await inbox(world, b!)).map((m) => m.kind)).toEqual(['instruction', 'notification']);
    await world.as(c!)('plan.completeStep', { plan: plan.id, step: 'two' });
    expect(((await world.human('plan.get', { plan: plan.id })) as Plan).state).toBe('completed');
  });

  it('a role assignee goes to the least busy available agent; with nobody available the step waits and starts when one appears', async () => {
    const world = createWorld();
    const plan = (await world.human('plan.create', {
      name: 'roles',
      steps: [
        { id: 'x', task: 'x', assignee: { role: 'tester' } },
        { id: 'y', task: 'y', assignee: { role: 'tester' } },
      ],
    })) as Plan;
    expect(plan.steps.map((s) => [s.state, s.reason])).toEqual([
      ['waiting', 'no available agent with role "tester"'],
      ['waiting', 'no available agent with role "tester"'],
    ]);
    const t1 = await world.spawn('t1', 'tester');
    await settle();
    expect(
      ((await world.human('plan.get', { plan: plan.id })) as Plan).steps.map((s) => s.assigneeId),
    ).toEqual([t1.id, t1.id]);
    const t2 = await world.spawn('t2', 'tester');
    const more = (await world.human('plan.create', {
      name: 'more',
      steps: ['p', 'q', 'r'].map((id) => ({ id, task: id, assignee: { role: 'tester' } })),
    })) as Plan;
    // t1 has two running steps, t2 none: t2 takes two, then they tie and the name decides.
    expect(more.steps.map((s) => s.assigneeId)).toEqual([t2.id, t2.id, t1.id]);
  });

  it('who may do what: workers report only their own steps, only the creator or the human steers, bystanders see nothing', async () => {
    const world = createWorld();
    const [a, b] = await crew(world, 'a', 'b');
    const outsider = await world.spawn('outsider', 'builder');
    const boss = await world.spawn('boss', 'manager');
    const seen: string[] = [];
    world.orchestrator.subscribe((event) => seen.push(event.type), outsider);
    const plan = (await world.as(boss)('plan.create', {
      name: 'w',
      steps: [step('one', 'a'), step('two', 'b')],
    })) as Plan;
    await expect(world.as(a!)('plan.create', { name: 'x', steps: [step('one', 'a')] })).rejects.toMatchObject(
      { code: 'forbidden' },
    );
    await expect(world.as(a!)('plan.completeStep', { plan: plan.id, step: 'two' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(world.as(a!)('plan.pause', { plan: plan.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(world.as(outsider)('plan.get', { plan: plan.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(((await world.as(outsider)('plan.list')) as { plans: unknown[] }).plans).toEqual([]);
    expect(((await world.as(a!)('plan.list')) as { plans: { id: string }[] }).plans.map((p) => p.id)).toEqual(
      [plan.id],
    );
    await world.as(b!)('plan.completeStep', { plan: plan.id, step: 'two' });
    await world.as(boss)('plan.pause', { plan: plan.id });
    expect(seen.filter((type) => type.startsWith('plan.'))).toEqual([]);
  });
});
