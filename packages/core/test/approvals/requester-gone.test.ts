// Every item ends in an outcome: an agent closed (or replaced) takes the items it asked for with it — withdrawn,
// audited, announced, its waiters woken — and a handoff whose every recipient is gone cannot complete either.
// Plan steps (the plan's) and lock requests against a closed holder stay for the human. Real SQLite throughout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Approval, AuditEntry, Caller, SwitchboardEvent } from '@switchboard/protocol';
import { closeWhileDown } from '../support/closed-while-down';
import { createWorld, settle, type World } from '../support/world';

type Listed = { approvals: Approval[] };
type Waited = { approval: Approval; timedOut: boolean };

const pending = async (world: World) => ((await world.human('approval.list', {})) as Listed).approvals;
const withdrawals = (world: World) =>
  world.events.filter(
    (e): e is Extract<SwitchboardEvent, { type: 'approval.withdrawn' }> => e.type === 'approval.withdrawn',
  );
const audited = async (world: World, action: string) =>
  ((await world.human('audit.list', { action })) as { entries: AuditEntry[] }).entries;

async function ask(world: World, agent: Caller, summary: string, waitMs = 0) {
  return world.as(agent)('approval.request', { kind: 'escalation', summary, waitMs }) as Promise<Waited>;
}

describe('an agent closed takes its questions with it', () => {
  it("withdraws what the closed agent asked (audited, announced, waiter woken), not another agent's", async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    const waiting = ask(world, alice, 'may I deploy?', 300_000);
    await ask(world, alice, 'which branch?');
    const bobs = await ask(world, bob, 'may I refactor?');
    await settle();
    expect(await pending(world)).toHaveLength(3);

    await world.human('agent.close', { agent: 'alice' });
    await settle();

    const woken = await waiting;
    expect(woken).toMatchObject({ timedOut: false, approval: { status: 'withdrawn' } });
    expect((await pending(world)).map((a) => a.id)).toEqual([bobs.approval.id]);
    const gone = withdrawals(world);
    expect(gone.map((e) => [e.approval.summary, e.reason])).toEqual([
      ['may I deploy?', 'its requester alice was closed'],
      ['which branch?', 'its requester alice was closed'],
    ]);
    const history = ((await world.human('approval.history', {})) as Listed).approvals;
    expect(history.map((a) => [a.status, a.requesterName, a.withdrawnReason])).toEqual([
      ['withdrawn', 'alice', 'its requester alice was closed'],
      ['withdrawn', 'alice', 'its requester alice was closed'],
    ]);
    expect((await audited(world, 'approval.withdrawn')).map((e) => e.details)).toEqual([
      expect.objectContaining({ requester: alice.id, reason: 'its requester alice was closed' }),
      expect.objectContaining({ requester: alice.id, reason: 'its requester alice was closed' }),
    ]);
    await expect(
      world.human('approval.decide', { decisions: [{ id: woken.approval.id, verdict: 'approve' }] }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await world.human('audit.verify')).toMatchObject({ ok: true });
  });

  it("a plan's step item stays for the human when the plan's creator closes; an agent's own plan_step or permission question does not", async () => {
    const world = createWorld();
    const worker = await world.spawn('worker');
    const boss = await world.spawn('boss', 'manager');
    const plan = (await world.as(boss)('plan.create', {
      name: 'release',
      steps: [
        { id: 'deploy', task: 'deploy it', assignee: { agent: 'worker' }, approval: true },
        { id: 'verify', task: 'check it', assignee: { agent: 'worker' }, dependsOn: ['deploy'] },
      ],
    })) as { id: string };
    const asked = (kind: string) =>
      world.as(boss)('approval.request', { kind, summary: `${kind} of my own` }) as Promise<Waited>;
    await asked('plan_step');
    await asked('permission');
    await world.human('agent.close', { agent: 'boss' });
    await settle();
    const left = await pending(world);
    expect(left.map((a) => [a.kind, a.summary])).toEqual([
      ['plan_step', 'Plan "release": start step "deploy"?'],
    ]);
    expect(withdrawals(world).map((e) => e.approval.summary)).toEqual([
      'plan_step of my own',
      'permission of my own',
    ]);
    await world.human('approval.decide', { decisions: [{ id: left[0]!.id, verdict: 'approve' }] });
    // The plan still runs for the person: approving the step starts it, and the next follows (told by the person).
    type Steps = { steps: { state: string }[] };
    expect(((await world.human('plan.get', { plan: plan.id })) as Steps).steps[0]!.state).toBe('running');
    await world.as(worker)('plan.completeStep', { plan: plan.id, step: 'deploy' });
    const after = (await world.human('plan.get', { plan: plan.id })) as Steps;
    expect(after.steps.map((step) => step.state)).toEqual(['completed', 'running']);
    const told = (await world.as(worker)('message.peek', {})) as { messages: { senderId: string }[] };
    expect(told.messages.map((m) => m.senderId)).toEqual(['human', 'human']);
  });

  it('a lock request dies with its requester; one against a closed holder stays for the human', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    const carol = await world.spawn('carol');
    await world.as(alice)('lock.acquire', { resource: { kind: 'file', name: 'src/**' } });
    await world.as(bob)('lock.request', { resource: { kind: 'file', name: 'src/a.ts' } });
    await world.as(carol)('lock.request', { resource: { kind: 'file', name: 'src/b.ts' } });
    await world.human('agent.close', { agent: 'bob' });
    await world.human('agent.close', { agent: 'alice' });
    await settle();
    const left = await pending(world);
    expect(left.map((a) => a.requester)).toEqual([carol.id]);
    expect(withdrawals(world).map((e) => [e.approval.requester, e.reason])).toEqual([
      [bob.id, 'its requester bob was closed'],
    ]);
    // The human can still hand carol what the closed alice held.
    await world.human('approval.decide', { decisions: [{ id: left[0]!.id, verdict: 'approve' }] });
    expect(
      ((await world.human('lock.list', {})) as { locks: { owner: string }[] }).locks.map((l) => l.owner),
    ).toContain(carol.id);
  });

  it('a held handoff ends when its sender or its every recipient is closed; the message is not delivered', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    await world.spawn('bob');
    const carol = await world.spawn('carol');
    const send = (from: Caller, to: string, body: string) =>
      world.as(from)('message.send', { kind: 'handoff', to: { agent: to }, body }) as Promise<{
        messageIds: string[];
      }>;
    await send(alice, 'bob', 'take the API');
    await send(carol, 'bob', 'take the UI');
    await send(carol, 'alice', 'take the docs');
    await world.as(carol)('message.send', {
      kind: 'handoff',
      to: [{ agent: 'alice' }, { agent: 'bob' }],
      body: 'pair on it',
    });
    await settle();
    expect(await pending(world)).toHaveLength(4);

    await world.human('agent.close', { agent: 'alice' });
    await settle();
    expect(withdrawals(world).map((e) => [e.approval.summary, e.reason])).toEqual([
      ['Handoff to bob: take the API', 'its requester alice was closed'],
      ['Handoff to alice: take the docs', 'its recipient alice was closed'],
    ]);
    // One recipient still open: that handoff can still complete.
    expect((await pending(world)).map((a) => a.summary)).toEqual([
      'Handoff to bob: take the UI',
      'Handoff to 2 agents: pair on it',
    ]);
    const decided = world.events.filter(
      (e): e is Extract<SwitchboardEvent, { type: 'message.handoff_decided' }> =>
        e.type === 'message.handoff_decided',
    );
    expect(decided.map((e) => [e.approved, e.decidedBy, e.reason])).toEqual([
      [false, 'withdrawn', 'its requester alice was closed'],
      [false, 'withdrawn', 'its recipient alice was closed'],
    ]);
    const history = (await world.human('message.history', { agent: 'bob' })) as {
      messages: { body: string; state: string }[];
    };
    expect(history.messages.find((m) => m.body === 'take the API')?.state).toBe('denied');
    // carol, the sender of the handoff to alice, is told why it went nowhere.
    const told = (await world.as(carol)('message.receive', {})) as { messages: { body: string }[] };
    expect(told.messages.map((m) => m.body)).toEqual([
      expect.stringMatching(/to alice was withdrawn \(not delivered\): its recipient alice was closed$/),
    ]);
  });

  it('message.decide settles the handoff item too: nothing is left in the queue to decide again', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    await world.spawn('bob');
    const { messageIds } = (await world.as(alice)('message.send', {
      kind: 'handoff',
      to: { agent: 'bob' },
      body: 'yours',
    })) as { messageIds: string[] };
    await world.human('message.decide', { message: messageIds[0], approve: true });
    await settle();
    expect(await pending(world)).toEqual([]);
    expect(withdrawals(world).map((e) => e.reason)).toEqual(['decided with message.decide: released']);
  });

  it('approval.list names each requester, a closed one too', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    await ask(world, alice, 'may I deploy?');
    expect((await pending(world)).map((a) => a.requesterName)).toEqual(['alice']);
    await world.human('approval.request', { kind: 'escalation', summary: 'note to self' });
    await world.human('agent.close', { agent: 'alice' });
    await settle();
    const withdrawn = ((await world.human('approval.list', { status: 'withdrawn' })) as Listed).approvals;
    expect(withdrawn.map((a) => a.requesterName)).toEqual(['alice']);
    const left = await pending(world);
    expect(left.map((a) => [a.requester, a.requesterName])).toEqual([['human', undefined]]);
    // The agent's own view over its tools carries it as well.
    const bob = await world.spawn('bob');
    await ask(world, bob, 'may I test?');
    const own = ((await world.as(bob)('approval.list', {})) as Listed).approvals;
    expect(own.map((a) => a.requesterName)).toEqual(['bob']);
  });
});

describe('after a restart', () => {
  it('withdraws at start the items of agents closed while it was down (or before this rule)', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-gone-')), 'db.sqlite');
    const first = createWorld(databasePath);
    const alice = await first.spawn('alice');
    const bob = await first.spawn('bob');
    await ask(first, alice, 'may I deploy?');
    const bobs = await ask(first, bob, 'may I test?');
    await first.as(alice)('message.send', { kind: 'handoff', to: { agent: 'bob' }, body: 'take the API' });
    await first.orchestrator.close();
    // alice's close committed, then the host stopped before announcing it (or it predates this rule).
    closeWhileDown(databasePath, alice.id);

    const second = createWorld(databasePath);
    await second.orchestrator.ready;
    await settle();
    expect((await pending(second)).map((a) => a.id)).toEqual([bobs.approval.id]);
    const history = ((await second.human('approval.history', {})) as Listed).approvals;
    expect(history.map((a) => [a.kind, a.requesterName, a.status, a.withdrawnReason])).toEqual([
      ['handoff', 'alice', 'withdrawn', 'its requester alice was closed'],
      ['escalation', 'alice', 'withdrawn', 'its requester alice was closed'],
    ]);
    // Messaging, asking again at start-up for its held handoff, finds the item withdrawn: the copy is not delivered.
    const messages = (await second.human('message.history', { agent: 'bob' })) as {
      messages: { body: string; state: string }[];
    };
    expect(messages.messages.map((m) => [m.body, m.state])).toEqual([['take the API', 'denied']]);
    expect(await second.human('audit.verify')).toMatchObject({ ok: true });
  });

  it("announces those withdrawals once every domain listens: the person's notification of the item closes", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-gone-')), 'db.sqlite');
    const first = createWorld(databasePath);
    const alice = await first.spawn('alice');
    const asked = await ask(first, alice, 'may I deploy?');
    await settle();
    type Items = { items: { kind: string; approvalId?: string | null }[] };
    const open = async (world: World) =>
      ((await world.human('attention.list', {})) as Items).items
        .filter((item) => item.kind === 'approval_pending')
        .map((item) => item.approvalId);
    expect(await open(first)).toEqual([asked.approval.id]);
    await first.orchestrator.close();
    closeWhileDown(databasePath, alice.id);

    const second = createWorld(databasePath);
    await second.orchestrator.ready;
    await settle();
    expect(await open(second)).toEqual([]);
    expect(second.events.filter((e) => e.type === 'approval.withdrawn')).toHaveLength(1);
  });
});
