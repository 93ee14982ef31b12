// What one agent may hold at once (holdings.*): past each bound its call is `rate_limited` naming the bound, nothing is
// created; the human is never held to it; ending one frees room. Leader groups nobody leads or waits for are not kept.
import { describe, expect, it } from 'vitest';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type HoldingLimits } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';

const LIMIT = 3;

async function worldWith(holdings: Partial<HoldingLimits>) {
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend: createMemoryBackend(),
    clock: new FakeClock(),
    holdings,
  });
  closeAfterTest(orchestrator);
  await orchestrator.ready;
  const spawn = async (name: string, role: string): Promise<Caller> => {
    const { agent } = await orchestrator.fleet.spawn({ name, kind: 'shell', role });
    return { kind: 'agent', id: agent.id };
  };
  const as = (caller: Caller) => (name: string, input: unknown) => orchestrator.invoke(caller, name, input);
  // What the human is shown: every lease, barrier, vote, plan, manager, leader group stored.
  const rows = async (list: string) => {
    const output = (await orchestrator.invoke(humanCaller, `${list}.list`, {})) as Record<string, unknown[]>;
    return Object.values(output).find(Array.isArray)!.length;
  };
  return { orchestrator, spawn, as, rows };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('holdings: what one agent may hold at once', () => {
  it('leases, open barriers and votes, plans, managers, flows: one past the bound is rate_limited, nothing stored', async () => {
    const all = { leases: LIMIT, barriers: LIMIT, votes: LIMIT, plans: LIMIT, managers: LIMIT, flows: LIMIT };
    const { spawn, as, rows } = await worldWith(all);
    const boss = await spawn('boss', 'orchestrator');
    const peer = await spawn('peer', 'builder');
    const kinds: { kind: keyof HoldingLimits; table: string; make: (i: number) => [string, unknown] }[] = [
      {
        kind: 'leases',
        table: 'lock',
        make: (i) => ['lock.acquire', { resource: { kind: 'branch', name: `b${i}` } }],
      },
      {
        kind: 'barriers',
        table: 'barrier',
        make: (i) => ['barrier.create', { name: `b${i}`, parties: { count: 2 } }],
      },
      {
        kind: 'votes',
        table: 'vote',
        make: (i) => [
          'vote.propose',
          { question: `q${i}`, options: ['y', 'n'], voters: { agents: ['peer'] } },
        ],
      },
      {
        kind: 'plans',
        table: 'plan',
        make: (i) => [
          'plan.create',
          { name: `p${i}`, steps: [{ id: 's', task: 't', assignee: { agent: 'peer' } }] },
        ],
      },
      { kind: 'managers', table: 'manager', make: (i) => ['manager.create', { name: `m${i}` }] },
      {
        kind: 'flows',
        table: 'flow',
        make: (i) => [
          'flow.create',
          {
            name: `f${i}`,
            trigger: { on: 'message' },
            branches: [{ actions: [{ do: 'notify', summary: 'x' }] }],
          },
        ],
      },
    ];
    for (const { kind, table, make } of kinds) {
      for (let i = 0; i < LIMIT; i++) await as(boss)(...make(i));
      expect(await refusal(as(boss)(...make(LIMIT))), kind).toMatchObject({
        code: 'rate_limited',
        details: { quota: `holdings.${kind}`, held: LIMIT, limit: LIMIT },
      });
      expect(await rows(table), kind).toBe(LIMIT);
      // The human holds what it likes; another agent has its own room.
      await as(humanCaller)(...make(LIMIT + 1));
      if (kind === 'leases') await as(peer)(...make(LIMIT + 2));
    }
    expect(await rows('lock')).toBe(LIMIT + 2);
  });

  it('ending one frees room: a lease released, a barrier cancelled, a plan cancelled, a manager deleted', async () => {
    const { spawn, as } = await worldWith({ leases: 1, barriers: 1, plans: 1, managers: 1 });
    const boss = await spawn('boss', 'orchestrator');
    await spawn('peer', 'builder');
    const lease = (await as(boss)('lock.acquire', { resource: { kind: 'branch', name: 'a' } })) as {
      id: string;
    };
    await expect(as(boss)('lock.acquire', { resource: { kind: 'branch', name: 'b' } })).rejects.toMatchObject(
      {
        code: 'rate_limited',
      },
    );
    // Taking the same lease again renews it: not one more.
    await as(boss)('lock.acquire', { resource: { kind: 'branch', name: 'a' } });
    await as(boss)('lock.release', { lockId: lease.id });
    await as(boss)('lock.acquire', { resource: { kind: 'branch', name: 'b' } });

    const barrier = (await as(boss)('barrier.create', { name: 'x', parties: { count: 2 } })) as {
      id: string;
    };
    await as(boss)('barrier.cancel', { barrier: barrier.id });
    await as(boss)('barrier.create', { name: 'y', parties: { count: 2 } });

    const step = [{ id: 's', task: 't', assignee: { agent: 'peer' } }];
    const plan = (await as(boss)('plan.create', { name: 'p', steps: step })) as { id: string };
    await as(boss)('plan.cancel', { plan: plan.id });
    await as(boss)('plan.create', { name: 'q', steps: step });

    await as(boss)('manager.create', { name: 'm1' });
    await as(boss)('manager.delete', { manager: 'm1' });
    await as(boss)('manager.create', { name: 'm2' });
  });

  it('leader groups: led or waited for count, a renewal does not; a group left empty is not kept and its terms go on', async () => {
    const { spawn, as, rows } = await worldWith({ leaderGroups: LIMIT });
    const a = await spawn('a', 'builder');
    for (let i = 0; i < LIMIT; i++) await as(a)('leader.campaign', { group: `g${i}` });
    await as(a)('leader.campaign', { group: 'g0' });
    expect(await refusal(as(a)('leader.campaign', { group: 'extra' }))).toMatchObject({
      code: 'rate_limited',
      details: { quota: 'holdings.leaderGroups', held: LIMIT, limit: LIMIT },
    });
    expect(await rows('leader')).toBe(LIMIT);
    for (let i = 0; i < LIMIT; i++) await as(a)('leader.resign', { group: `g${i}` });
    // Campaigning for new names and resigning leaves nothing behind.
    for (let i = 0; i < 50; i++) {
      await as(a)('leader.campaign', { group: `churn${i}` });
      await as(a)('leader.resign', { group: `churn${i}` });
    }
    expect(await rows('leader')).toBe(0);
    // g0's leader had term 1: whoever leads it next has a higher one (a fencing token never repeats).
    const again = (await as(a)('leader.campaign', { group: 'g0' })) as { term: number };
    expect(again.term).toBeGreaterThan(1);
  });

  it('spawns: no agent spawns past the open fleet, however many calls it sends at once; the person still may', async () => {
    const { spawn, as, rows } = await worldWith({ fleetForAgentSpawns: 4 });
    const boss = await spawn('boss', 'orchestrator');
    const answers = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => as(boss)('agent.spawn', { name: `w${i}`, kind: 'shell' })),
    );
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status === 'rejected'))
      expect(refused.reason).toMatchObject({
        code: 'rate_limited',
        details: { quota: 'holdings.fleetForAgentSpawns', limit: 4 },
      });
    expect(await rows('agent')).toBe(4);
    await as(humanCaller)('agent.spawn', { name: 'mine', kind: 'shell' });
    expect(await rows('agent')).toBe(5);
  });

  it('the person sees it: refusals at a bound are in the audit, one row per burst', async () => {
    const { spawn, as } = await worldWith({ leases: 1 });
    const a = await spawn('a', 'builder');
    await as(a)('lock.acquire', { resource: { kind: 'branch', name: 'b0' } });
    for (let i = 1; i <= 5; i++)
      await expect(
        as(a)('lock.acquire', { resource: { kind: 'branch', name: `b${i}` } }),
      ).rejects.toMatchObject({
        code: 'rate_limited',
      });
    const { entries } = (await as(humanCaller)('audit.list', { action: 'quota.refused' })) as {
      entries: { actor: { id: string }; target: string; outcome: string; details: Record<string, unknown> }[];
    };
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { id: a.id },
      target: 'lock.acquire',
      outcome: 'denied',
      details: { quota: 'holdings.leases', limit: 1, count: 1 },
    });
  });
});
