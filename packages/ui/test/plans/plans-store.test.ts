import { describe, expect, it, vi } from 'vitest';
import { createClient, humanCaller, type Transport } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { createPlansStore } from '../../src/plans/plans-store';
import {
  attemptLabel,
  isStepMessage,
  planEdges,
  planElkGraph,
  planShapeKey,
  stepDuration,
} from '../../src/plans/plan-dag';
import { idOf, realFleet } from '../real-fleet';

const settled = () => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * A transport whose answers to `held` wait until `release()`, events passing at once: the host answers once the
 * call's commits are on disk (group commit) but sends events as they happen, so a slow disk gives this order.
 */
function slowAnswers(inner: Transport, held: string) {
  const waiting: (() => void)[] = [];
  const transport: Transport = {
    subscribe: (listener) => inner.subscribe(listener),
    async invoke(name, input) {
      const answer = inner.invoke(name, input);
      if (name !== held) return answer;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return answer;
    },
  };
  const release = () => waiting.splice(0).forEach((resolve) => resolve());
  return { transport, release, waiting: () => waiting.length };
}

/** A plan of one step for agent `t`, and the store over a link whose answers to `held` wait for `link.release()`. */
async function oneStepPlan(held: string) {
  const fleet = await realFleet({ agents: [{ name: 't', role: 'tester' }] });
  const link = slowAnswers(createLinkedTransport(fleet.orchestrator, humanCaller), held);
  const store = createPlansStore(createClient(link.transport), { settleMs: 5 });
  const plan = (await fleet.orchestrator.invoke(humanCaller, 'plan.create', {
    name: 'ship',
    steps: [{ id: 'test', task: 'test it', assignee: { agent: 't' } }],
  })) as { id: string };
  return { fleet, link, store, plan, t: { kind: 'agent' as const, id: idOf(fleet.state, 't') } };
}

describe('createPlansStore against a real core', () => {
  it("lists plans, shows one, follows its steps live from the events, and reads a step's messages", async () => {
    const fleet = await realFleet({
      agents: [
        { name: 'b', role: 'builder' },
        { name: 't', role: 'tester' },
      ],
    });
    const b = { kind: 'agent' as const, id: idOf(fleet.state, 'b') };
    const store = createPlansStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      settleMs: 5,
    });
    const plan = (await fleet.orchestrator.invoke(humanCaller, 'plan.create', {
      name: 'ship',
      steps: [
        { id: 'build', task: 'build it', assignee: { agent: 'b' } },
        {
          id: 'test',
          task: 'test it',
          assignee: { agent: 't' },
          dependsOn: ['build'],
          retries: 1,
          validation: { regex: '^ok' },
        },
      ],
    })) as { id: string };
    await store.getState().refresh();
    expect(store.getState().plans.map((p) => [p.name, p.state, p.counts.running])).toEqual([
      ['ship', 'running', 1],
    ]);
    await store.getState().select(plan.id);
    expect(store.getState().plan?.steps.map((s) => s.state)).toEqual(['running', 'waiting']);

    await fleet.orchestrator.invoke(b, 'plan.completeStep', {
      plan: plan.id,
      step: 'build',
      output: 'built',
    });
    // Applied from the events at once, no re-read.
    expect(store.getState().plan?.steps.map((s) => s.state)).toEqual(['completed', 'running']);
    const t = { kind: 'agent' as const, id: idOf(fleet.state, 't') };
    await fleet.orchestrator.invoke(t, 'plan.completeStep', { plan: plan.id, step: 'test', output: 'nope' });
    expect(store.getState().plan?.steps[1]).toMatchObject({ state: 'running', attempt: 2 });

    await store.getState().selectStep('test');
    const bodies = store.getState().stepMessages?.messages?.map((m) => m.correlationId);
    expect(bodies).toEqual([`plan:${plan.id}:test:2`, `plan:${plan.id}:test:1`]);

    expect(await store.getState().steer('plan.pause')).toBeNull();
    expect(store.getState().plan?.state).toBe('paused');
    await settled();
    expect(store.getState().plans[0]?.state).toBe('paused');
    // A refusal comes back as the host's reason, nothing changes.
    expect(await store.getState().retryStep('build')).toMatch(/./);
    expect(store.getState().plan?.steps[0]?.state).toBe('completed');
    store.getState().dispose();
  });

  it('an answer that arrives after later events does not undo them (a step failed while plan.resume waited for the disk)', async () => {
    const { fleet, link, store, plan, t } = await oneStepPlan('plan.resume');
    await store.getState().select(plan.id);
    expect(await store.getState().steer('plan.pause')).toBeNull();

    const resumed = store.getState().steer('plan.resume');
    await vi.waitFor(() => expect(link.waiting()).toBe(1));
    // The resume's own event is applied at once; then the tester gives up while the answer still waits.
    expect(store.getState().plan?.state).toBe('running');
    await fleet.orchestrator.invoke(t, 'plan.failStep', { plan: plan.id, step: 'test', reason: 'db down' });
    expect(store.getState().plan?.steps[0]?.state).toBe('failed');
    link.release();
    expect(await resumed).toBeNull();
    expect(store.getState().plan?.steps[0]?.state).toBe('failed');
    expect(store.getState().plan?.state).toBe('failed');
    store.getState().dispose();
  });

  it('a plan read while its events arrive is read again, so the view starts from the newest state', async () => {
    const { fleet, link, store, plan, t } = await oneStepPlan('plan.get');
    const selected = store.getState().select(plan.id);
    await vi.waitFor(() => expect(link.waiting()).toBe(1));
    await fleet.orchestrator.invoke(t, 'plan.completeStep', { plan: plan.id, step: 'test', output: 'ok' });
    link.release();
    // The second read waits too: let it go as soon as it is asked.
    await vi.waitFor(() => {
      link.release();
      expect(store.getState().plan).not.toBeNull();
    });
    await selected;
    expect(store.getState().plan?.steps[0]?.state).toBe('completed');
    expect(store.getState().plan?.state).toBe('completed');
    store.getState().dispose();
  });

  it("an unknown plan is refused with the host's reason, nothing shown", async () => {
    const fleet = await realFleet({ agents: [{ name: 'a' }] });
    const store = createPlansStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      settleMs: 5,
    });
    await store.getState().select('no-such-plan');
    expect(store.getState().plan).toBeNull();
    expect(store.getState().error).toMatch(/plan/i);
    store.getState().dispose();
  });
});

describe('plan DAG helpers', () => {
  const step = (id: string, dependsOn: string[], state = 'waiting') => ({ id, dependsOn, state }) as never;
  it('one edge per known dependency, solid once the dependency completed; the ELK graph has a box per step', () => {
    const plan = { id: 'p', steps: [step('a', [], 'completed'), step('b', ['a']), step('c', ['a', 'b'])] };
    expect(planEdges(plan).map((e) => [e.id, e.satisfied])).toEqual([
      ['a→b', true],
      ['a→c', true],
      ['b→c', false],
    ]);
    expect(planElkGraph(plan).children?.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(planShapeKey(plan)).not.toBe(
      planShapeKey({ id: 'p', steps: [step('a', []), step('b', []), step('c', ['a', 'b'])] }),
    );
  });
  it("durations, attempts, and which messages are a step's", () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(stepDuration({ startedAt: null, finishedAt: null }, t0)).toBeNull();
    expect(stepDuration({ startedAt: '2026-01-01T00:00:00Z', finishedAt: null }, t0 + 4_000)).toBe('4 s');
    expect(
      stepDuration({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:03:05Z' }, t0 + 99e6),
    ).toBe('3 min 5 s');
    expect(stepDuration({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T02:10:00Z' }, 0)).toBe(
      '2 h 10 min',
    );
    expect(attemptLabel({ attempt: 0, retries: 2 })).toBeNull();
    expect(attemptLabel({ attempt: 2, retries: 2 })).toBe('attempt 2 · 2 retries');
    expect(attemptLabel({ attempt: 1, retries: 0 })).toBe('attempt 1');
    const s = { id: 'test', messageId: 'm9' };
    expect(isStepMessage({ correlationId: 'plan:p:test:2', replyTo: null }, 'p', s)).toBe(true);
    expect(isStepMessage({ correlationId: 'plan:p:testing:1', replyTo: null }, 'p', s)).toBe(false);
    expect(isStepMessage({ correlationId: 'plan:q:test:1', replyTo: null }, 'p', s)).toBe(false);
    expect(isStepMessage({ correlationId: null, replyTo: 'm9' }, 'p', s)).toBe(true);
    expect(isStepMessage({ correlationId: null, replyTo: null }, 'p', s)).toBe(false);
  });
});
