import { describe, expect, it } from 'vitest';
import type { Approval, AuditEntry } from '@switchboard/protocol';
import { createWorld, settle } from '../support/world';

type Waited = { approval: Approval; timedOut: boolean };

describe('approval queue', () => {
  it('queues an item with every field and emits approval.requested; the secret in it is redacted', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const { approval } = (await world.as(agent)('approval.request', {
      kind: 'permission',
      summary: 'Run a deploy with token=abc123secretvalue',
      payload: { command: 'deploy --prod' },
    })) as Waited;
    expect(approval).toMatchObject({
      kind: 'permission',
      requester: agent.id,
      status: 'pending',
      choices: ['approve', 'deny'],
      onExpiry: 'deny',
      decision: null,
      payload: { command: 'deploy --prod' },
      expiresAt: '2026-01-01T00:15:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(approval.summary).toBe('Run a deploy with token=[REDACTED:secret]');
    expect(world.events.map((e) => e.type)).toContain('approval.requested');
    expect(
      ((await world.human('approval.list')) as { approvals: Approval[] }).approvals.map((a) => a.id),
    ).toEqual([approval.id]);
  });

  it('refuses a payload nested deeper than 32 levels as invalid_input and queues nothing; 32 levels pass', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const nested = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    const eventsBefore = world.events.length;
    // 10,000 levels overflowed the redaction walk's stack: `internal`, with the request half done.
    for (const depth of [33, 10_000])
      await expect(
        world.as(agent)('approval.request', {
          kind: 'escalation',
          summary: 'deep',
          payload: { x: nested(depth) },
        }),
      ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('32 levels') });
    expect(world.events.length).toBe(eventsBefore);
    expect(((await world.human('approval.list')) as { approvals: Approval[] }).approvals).toEqual([]);
    const { approval } = (await world.as(agent)('approval.request', {
      kind: 'escalation',
      summary: 'deep enough',
      payload: { x: nested(31) },
    })) as Waited;
    expect(JSON.stringify(approval.payload)).toBe(JSON.stringify({ x: nested(31) }));
  });

  it('an agent has at most 50 items waiting and 96 KiB of payload each; the human is not limited', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const ask = (summary: string, payload = {}) =>
      world.as(agent)('approval.request', { kind: 'escalation', summary, payload }) as Promise<Waited>;
    await expect(ask('big', { blob: 'x'.repeat(96 * 1024) })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const first = await ask('0', { blob: 'x'.repeat(90 * 1024) });
    for (let i = 1; i < 50; i++) await ask(String(i));
    await expect(ask('one too many')).rejects.toMatchObject({ code: 'rate_limited' });
    const waiting = async () =>
      ((await world.human('approval.list', {})) as { approvals: Approval[] }).approvals.length;
    expect(await waiting()).toBe(50);
    await world.human('approval.decide', { decisions: [{ id: first.approval.id, verdict: 'deny' }] });
    await ask('room again');
    await world.human('approval.request', { kind: 'escalation', summary: 'mine' });
    expect(await waiting()).toBe(51);
    // lock.request asks through the queue too: the same bound.
    const holder = await world.spawn('holder');
    await world.as(holder)('lock.acquire', { resource: { kind: 'branch', name: 'main' } });
    await expect(
      world.as(agent)('lock.request', { resource: { kind: 'branch', name: 'main' } }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    // So does a handoff (held for a decision): refused before it is sent.
    await expect(
      world.as(agent)('message.send', { to: { agent: 'holder' }, kind: 'handoff', body: 'take it' }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await waiting()).toBe(51);
    // The refused handoff was never sent (the human's reply about the denied item is: decision-replies).
    expect(world.events.filter((e) => e.type === 'message.sent' && e.kind === 'handoff')).toEqual([]);
  });

  it('wakes a waiting requester with the decision, without blocking the event loop', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const waiting = world.as(agent)('approval.request', {
      kind: 'plan_step',
      summary: 'step 2: migrate',
      waitMs: 60_000,
    }) as Promise<Waited>;
    await settle();
    const [pending] = ((await world.human('approval.list')) as { approvals: Approval[] }).approvals;
    await world.human('approval.decide', {
      decisions: [{ id: pending!.id, verdict: 'approve', comment: 'go' }],
    });
    const { approval, timedOut } = await waiting;
    expect(timedOut).toBe(false);
    expect(approval).toMatchObject({
      status: 'approved',
      decision: { verdict: 'approve', comment: 'go', decidedBy: 'human', automatic: false },
    });
  });

  it('ends a wait after waitMs (Clock) with the item still pending, and approval.wait can wait again', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const first = world.as(agent)('approval.request', {
      kind: 'escalation',
      summary: 'stuck',
      waitMs: 5_000,
    }) as Promise<Waited>;
    await settle();
    world.clock.advance(5_000);
    const timed = await first;
    expect(timed).toMatchObject({ timedOut: true, approval: { status: 'pending' } });
    const again = world.as(agent)('approval.wait', {
      id: timed.approval.id,
      waitMs: 5_000,
    }) as Promise<Waited>;
    await settle();
    await world.human('approval.decide', { decisions: [{ id: timed.approval.id, verdict: 'deny' }] });
    expect(await again).toMatchObject({ timedOut: false, approval: { status: 'denied' } });
  });

  it('expires unanswered items as denied by default, or as the item says, waking waiters', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const call = world.as(agent);
    const waiting = call('approval.request', {
      kind: 'handoff',
      summary: 'hand to tester',
      expiresInMs: 60_000,
      waitMs: 600_000,
    }) as Promise<Waited>;
    const lenient = (await call('approval.request', {
      kind: 'plan_step',
      summary: 'optional step',
      expiresInMs: 120_000,
      onExpiry: 'approve',
    })) as Waited;
    await settle();
    world.clock.advance(60_000);
    expect(await waiting).toMatchObject({
      timedOut: false,
      approval: { status: 'expired', decision: { verdict: 'deny', decidedBy: 'expiry', automatic: true } },
    });
    world.clock.advance(60_000);
    const [expired] = (
      (await world.human('approval.list', { status: 'expired', kind: 'plan_step' })) as {
        approvals: Approval[];
      }
    ).approvals;
    expect(expired).toMatchObject({ id: lenient.approval.id, decision: { verdict: 'approve' } });
    expect(world.events.filter((e) => e.type === 'approval.expired')).toHaveLength(2);
    expect(world.orchestrator.audit.list({ action: 'approval.expired' }).map((e) => e.actor)).toEqual([
      { kind: 'system', id: 'switchboard' },
      { kind: 'system', id: 'switchboard' },
    ]);
  });

  it('decides a batch atomically: one bad item and nothing changes', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        ((await world.as(agent)('approval.request', { kind: 'permission', summary: `cmd ${i}` })) as Waited)
          .approval.id,
      );
    const eventsBefore = world.events.length;
    await expect(
      world.human('approval.decide', {
        decisions: [
          { id: ids[0], verdict: 'approve' },
          { id: 'approval-nope', verdict: 'approve' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      world.human('approval.decide', { decisions: [{ id: ids[0], verdict: 'approve', choice: 'maybe' }] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      world.human('approval.decide', {
        decisions: [
          { id: ids[0], verdict: 'approve' },
          { id: ids[0], verdict: 'deny' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(world.events.length).toBe(eventsBefore);
    expect(((await world.human('approval.list')) as { approvals: Approval[] }).approvals).toHaveLength(3);
    const { approvals } = (await world.human('approval.decide', {
      decisions: ids.map((id) => ({ id, verdict: 'approve' })),
    })) as { approvals: Approval[] };
    expect(approvals.map((a) => a.status)).toEqual(['approved', 'approved', 'approved']);
    await expect(
      world.human('approval.decide', { decisions: [{ id: ids[0], verdict: 'deny' }] }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an agent may not decide its own request; another agent with the permission may', async () => {
    const world = createWorld();
    const worker = await world.spawn('w', 'builder');
    const boss = await world.spawn('boss', 'orchestrator');
    const { approval } = (await world.as(worker)('approval.request', {
      kind: 'handoff',
      summary: 'x',
    })) as Waited;
    await expect(
      world.as(worker)('approval.decide', { decisions: [{ id: approval.id, verdict: 'approve' }] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const mine = (await world.as(boss)('approval.request', { kind: 'escalation', summary: 'y' })) as Waited;
    await expect(
      world.as(boss)('approval.decide', { decisions: [{ id: mine.approval.id, verdict: 'approve' }] }),
    ).rejects.toMatchObject({ code: 'forbidden', details: { missing: 'decide_own_request' } });
    await expect(
      world.as(boss)('approval.decide', { decisions: [{ id: approval.id, verdict: 'approve' }] }),
    ).resolves.toMatchObject({ approvals: [{ decision: { decidedBy: boss.id } }] });
    // A permission item is the human's (or a policy's): not even an orchestrator decides it, nothing changes. Since
    // session 26 it is not shown to the orchestrator either, so it is answered as an unknown item (deciders.test.ts).
    const asked = (await world.as(worker)('approval.request', {
      kind: 'permission',
      summary: 'run rm -rf build/',
    })) as Waited;
    const eventsBefore = world.events.length;
    await expect(
      world.as(boss)('approval.decide', { decisions: [{ id: asked.approval.id, verdict: 'approve' }] }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(world.events.length).toBe(eventsBefore);
    expect(world.orchestrator.approvals.get(asked.approval.id)).toMatchObject({ status: 'pending' });
    await expect(
      world.human('approval.decide', { decisions: [{ id: asked.approval.id, verdict: 'approve' }] }),
    ).resolves.toMatchObject({ approvals: [{ status: 'approved' }] });
  });

  it('policies decide automatically, first match wins, and the decision is logged as automatic', async () => {
    const world = createWorld();
    await world.human('team.create', { name: 'web' });
    const agent = await world.spawn('b1', 'builder', 'web');
    await world.human('policy.add', {
      kind: 'permission',
      pattern: '*rm -rf*',
      action: 'deny',
      comment: 'never',
    });
    await world.human('policy.add', { kind: 'permission', team: 'web', pattern: 'npm *', action: 'approve' });
    await world.human('policy.add', { kind: 'permission', action: 'ask' });
    const call = world.as(agent);
    const denied = (await call('approval.request', {
      kind: 'permission',
      summary: 'clean',
      payload: { command: 'rm -rf build' },
      waitMs: 1000,
    })) as Waited;
    const approved = (await call('approval.request', { kind: 'permission', summary: 'npm test' })) as Waited;
    const asked = (await call('approval.request', {
      kind: 'permission',
      summary: 'curl example.com',
    })) as Waited;
    expect(denied).toMatchObject({
      timedOut: false,
      approval: { status: 'denied', decision: { automatic: true, comment: 'never' } },
    });
    expect(approved.approval).toMatchObject({ status: 'approved', decision: { automatic: true } });
    expect(asked.approval.status).toBe('pending');
    const decided = world.orchestrator.audit.list({ action: 'approval.decided' });
    expect(
      decided.map((e: AuditEntry) => [
        e.outcome,
        e.actor.kind,
        (e.details as { decidedBy: string }).decidedBy.startsWith('policy:'),
      ]),
    ).toEqual([
      ['automatic', 'system', true],
      ['automatic', 'system', true],
    ]);
    const order = ((await world.human('policy.list')) as { policies: { action: string; position: number }[] })
      .policies;
    expect(order.map((p) => [p.position, p.action])).toEqual([
      [0, 'deny'],
      [1, 'approve'],
      [2, 'ask'],
    ]);
  });

  it('policies can be inserted first and removed', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    await world.human('policy.add', { action: 'deny' });
    const first = (await world.human('policy.add', { action: 'approve', position: 0 })) as { id: string };
    expect(
      ((await world.as(agent)('approval.request', { kind: 'handoff', summary: 'a' })) as Waited).approval
        .status,
    ).toBe('approved');
    await world.human('policy.remove', { id: first.id });
    expect(
      ((await world.as(agent)('approval.request', { kind: 'handoff', summary: 'b' })) as Waited).approval
        .status,
    ).toBe('denied');
    await expect(world.human('policy.remove', { id: 'policy-nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('history lists decided and expired items, newest first', async () => {
    const world = createWorld();
    const agent = await world.spawn('b1');
    const ids: string[] = [];
    for (const summary of ['one', 'two'])
      ids.push(
        (
          (await world.as(agent)('approval.request', {
            kind: 'handoff',
            summary,
            expiresInMs: 60_000,
          })) as Waited
        ).approval.id,
      );
    await world.human('approval.decide', { decisions: [{ id: ids[1], verdict: 'deny' }] });
    world.clock.advance(60_000);
    const { approvals } = (await world.human('approval.history')) as { approvals: Approval[] };
    expect(approvals.map((a) => [a.summary, a.status])).toEqual([
      ['one', 'expired'],
      ['two', 'denied'],
    ]);
  });

  it('other domains raise items and await decisions through the core API', async () => {
    const world = createWorld();
    const queue = world.orchestrator.approvals;
    const item = queue.raise(
      { kind: 'agent', id: 'agent-x' },
      {
        kind: 'escalation',
        summary: 'agent-x looks hung',
        payload: {},
        choices: ['restart', 'leave'],
        expiresInMs: 60_000,
        onExpiry: 'deny',
      },
    );
    const seen: string[] = [];
    queue.onDidDecide((a) => seen.push(`${a.id}:${a.decision?.choice}`));
    const waiting = queue.awaitDecision(item.id, 30_000);
    await world.human('approval.decide', {
      decisions: [{ id: item.id, verdict: 'approve', choice: 'restart' }],
    });
    expect((await waiting).approval.decision?.choice).toBe('restart');
    expect(seen).toEqual([`${item.id}:restart`]);
  });
});

describe('approval queue across a restart', () => {
  it('re-arms expiry of pending items and of leases from the database', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restart-')), 'switchboard.db');
    const first = createWorld(databasePath);
    const agent = await first.spawn('b1');
    const { approval } = (await first.as(agent)('approval.request', {
      kind: 'handoff',
      summary: 'later',
      expiresInMs: 60_000,
    })) as Waited;
    await first.as(agent)('lock.acquire', { resource: { kind: 'branch', name: 'main' }, ttlMs: 30_000 });
    const waiting = first.orchestrator.approvals.awaitDecision(approval.id, 600_000);
    await first.orchestrator.close();
    expect(await waiting).toMatchObject({ timedOut: true, approval: { status: 'pending' } });

    const second = createWorld(databasePath, first.clock);
    second.clock.advance(30_000);
    expect(second.events.map((e) => e.type)).toEqual(['lock.expired']);
    second.clock.advance(30_000);
    expect(second.events.map((e) => e.type)).toEqual(['lock.expired', 'approval.expired']);
    expect(second.orchestrator.approvals.get(approval.id)).toMatchObject({ status: 'expired' });
    expect(second.orchestrator.audit.verify().ok).toBe(true);
    await second.orchestrator.close();
  });
});
