import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StubHandoffDecider } from '../../src/testing/index';
import { messagingFixture, type Received } from './messaging-fixture';

type Sent = {
  messageIds: string[];
  deliveries: { messageId: string; recipientId: string; cursor: number; state: string }[];
  deduplicated: { recipientId: string; duplicateOf: string }[];
};

describe('messaging: send, receive, ack', () => {
  it('lets two agents spawned without a role (role "custom") talk to each other', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a', { role: 'custom' });
    const b = await f.spawn('b', { role: 'custom' });
    await a.call('message.send', { to: { agent: 'b' }, body: 'hello' });
    const got = await b.call<Received>('message.receive', {});
    expect(got.messages.map((m) => m.body)).toEqual(['hello']);
  });

  it('redacts secrets in a body before it is stored, delivered or shown in history', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const key = `AKIA${'Q'.repeat(16)}`;
    await a.call('message.send', { to: { agent: 'b' }, body: `deploy with ${key} please` });
    const got = await b.call<Received>('message.receive', {});
    expect(got.messages.map((m) => m.body)).toEqual(['deploy with [REDACTED:aws] please']);
    const history = await f.human<{ messages: { body: string }[] }>('message.history', { agent: 'a' });
    expect(JSON.stringify(history)).not.toContain(key);
  });

  it('delivers a committed message to the recipient, with the sender taken from the caller', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const sent = await a.call<Sent>('message.send', {
      kind: 'request',
      to: { agent: 'b' },
      body: 'build it',
      priority: 'high',
      correlationId: 'job-1',
    });
    expect(sent.deliveries).toEqual([
      { messageId: sent.messageIds[0], recipientId: b.id, cursor: expect.any(Number), state: 'queued' },
    ]);
    const got = await b.call<Received>('message.receive', {});
    expect(got.messages).toHaveLength(1);
    expect(got.messages[0]).toMatchObject({
      id: sent.messageIds[0],
      kind: 'request',
      senderId: a.id,
      recipientId: b.id,
      body: 'build it',
      priority: 'high',
      correlationId: 'job-1',
      state: 'delivered',
    });
    expect(f.ofType('message.sent')[0]).toMatchObject({ senderId: a.id, recipientIds: [b.id], held: false });
    expect(f.ofType('message.delivered')[0]).toMatchObject({ recipientId: b.id, via: 'receive' });
  });

  it('refuses a forged sender: `sender` is not an input field', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    await f.spawn('b');
    await expect(
      a.call('message.send', { to: { agent: 'b' }, body: 'x', sender: 'b' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      a.call('message.send', { to: { agent: 'b' }, body: 'x', senderId: 'human' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('redelivers until acked, never after; ack is idempotent', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const { messageIds } = await a.call<Sent>('message.send', { to: { agent: 'b' }, body: 'one' });
    expect((await b.call<Received>('message.receive', {})).messages).toHaveLength(1);
    expect((await b.call<Received>('message.receive', {})).messages).toHaveLength(1);
    expect(await b.call('message.ack', { messageIds })).toEqual({ acked: 1, alreadyAcked: 0, expired: 0 });
    expect((await b.call<Received>('message.receive', {})).messages).toHaveLength(0);
    expect(await b.call('message.ack', { messageIds })).toEqual({ acked: 0, alreadyAcked: 1, expired: 0 });
    expect(f.ofType('message.acked')).toHaveLength(1);
  });

  it('acks up to a cursor only what was received', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { kind: 'request', to: { agent: 'b' }, body: 'r1' });
    await a.call('message.send', { kind: 'event', to: { agent: 'b' }, body: 'e1' });
    await a.call('message.send', { kind: 'request', to: { agent: 'b' }, body: 'r2' });
    const got = await b.call<Received>('message.receive', { kinds: ['request'] });
    expect(got.messages.map((m) => m.body)).toEqual(['r1', 'r2']);
    expect(await b.call('message.ack', { upTo: got.nextCursor })).toMatchObject({ acked: 2 });
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual(['e1']);
  });

  it('orders by priority without a cursor, by cursor after one, and pages with hasMore', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    for (const [body, priority] of [
      ['low', 'low'],
      ['n1', 'normal'],
      ['urgent', 'urgent'],
      ['n2', 'normal'],
    ] as const) {
      await a.call('message.send', { to: { agent: 'b' }, body, priority });
    }
    expect((await b.call<Received>('message.peek', {})).messages.map((m) => m.body)).toEqual([
      'urgent',
      'n1',
      'n2',
      'low',
    ]);
    const first = await b.call<Received>('message.receive', { cursor: 0, limit: 2 });
    expect(first.messages.map((m) => m.body)).toEqual(['low', 'n1']);
    expect(first.hasMore).toBe(true);
    const second = await b.call<Received>('message.receive', { cursor: first.nextCursor, limit: 2 });
    expect(second.messages.map((m) => m.body)).toEqual(['urgent', 'n2']);
    expect(second.hasMore).toBe(false);
  });

  it('peek changes nothing', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'x' });
    const before = await f.state();
    const peeked = await b.call<{ messages: { state: string }[]; depth: number }>('message.peek', {});
    expect(peeked.depth).toBe(1);
    expect(peeked.messages[0]!.state).toBe('queued');
    expect(await f.state()).toBe(before);
  });

  it("keeps inboxes private: an agent cannot read, peek or ack another agent's inbox", async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'secret' });
    for (const name of ['message.receive', 'message.peek', 'message.status']) {
      await expect(a.call(name, { agent: 'b' })).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(a.call('message.ack', { agent: 'b', upTo: 100 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(a.call('message.history', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect((await f.human<Received>('message.peek', { agent: 'b' })).messages).toHaveLength(1);
  });

  it('reply without `to` goes to the original sender and inherits the correlation', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const { messageIds } = await a.call<Sent>('message.send', {
      kind: 'request',
      to: { agent: 'b' },
      body: 'question?',
    });
    await b.call('message.send', { kind: 'reply', replyTo: messageIds[0], body: 'answer' });
    const got = await a.call<Received>('message.receive', {});
    expect(got.messages[0]).toMatchObject({
      kind: 'reply',
      senderId: b.id,
      replyTo: messageIds[0],
      correlationId: messageIds[0],
    });
    await f.human('message.send', { kind: 'request', to: { agent: 'a' }, body: 'from the human' });
    const fromHuman = (await a.call<Received>('message.receive', { kinds: ['request'] })).messages[0]!;
    await a.call('message.send', { kind: 'reply', replyTo: fromHuman.id, body: 'done' });
    expect((await f.human<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual(['done']);
  });
});

describe('messaging: addressing and cascade', () => {
  async function org() {
    const f = messagingFixture();
    await f.human('team.create', { name: 'eng' });
    await f.human('team.create', { name: 'web', parent: 'eng' });
    await f.human('team.create', { name: 'ops' });
    const lead = await f.spawn('lead', { team: 'eng', role: 'orchestrator' });
    const w1 = await f.spawn('w1', { team: 'web', role: 'builder' });
    const w2 = await f.spawn('w2', { team: 'web', role: 'tester' });
    const o1 = await f.spawn('o1', { team: 'ops', role: 'builder' });
    const loner = await f.spawn('loner', { role: 'custom' });
    return { f, lead, w1, w2, o1, loner };
  }
  const recipients = (sent: Sent) => sent.deliveries.map((d) => d.recipientId).sort();

  it('reaches a team with or without sub-teams, a role, everyone but the sender, the human', async () => {
    const { lead, w1, w2, o1, loner } = await org();
    expect(recipients(await lead.call<Sent>('message.send', { to: { team: 'eng' }, body: '1' }))).toEqual(
      [w1.id, w2.id].sort(),
    );
    expect(
      recipients(await lead.call<Sent>('message.send', { to: { team: 'eng', subteams: false }, body: '2' })),
    ).toEqual([]);
    expect(recipients(await lead.call<Sent>('message.send', { to: { role: 'builder' }, body: '3' }))).toEqual(
      [w1.id, o1.id].sort(),
    );
    expect(recipients(await lead.call<Sent>('message.send', { to: { broadcast: true }, body: '4' }))).toEqual(
      [w1.id, w2.id, o1.id, loner.id].sort(),
    );
    expect(recipients(await lead.call<Sent>('message.send', { to: { human: true }, body: '5' }))).toEqual([
      'human',
    ]);
    expect(
      recipients(
        await lead.call<Sent>('message.send', { to: [{ agent: 'w1' }, { role: 'builder' }], body: '6' }),
      ),
    ).toEqual([w1.id, o1.id].sort());
  });

  it('cascade: the most specific part wins per recipient, one copy each', async () => {
    const { f, lead, w1, w2, o1, loner } = await org();
    const sent = await f.human<Sent>('message.send', {
      kind: 'instruction',
      cascade: {
        broadcast: 'all: stand by',
        roles: { builder: 'builders: rebase' },
        teams: { eng: 'eng: freeze', web: 'web: ship' },
        agents: { w2: 'w2: you lead' },
      },
    });
    const bodies = async (agent: { call: (n: string, i: unknown) => Promise<unknown> }) =>
      ((await agent.call('message.receive', {})) as Received).messages.map((m) => m.body);
    expect(await bodies(lead)).toEqual(['eng: freeze']);
    expect(await bodies(w1)).toEqual(['web: ship']);
    expect(await bodies(w2)).toEqual(['w2: you lead']);
    expect(await bodies(o1)).toEqual(['builders: rebase']);
    expect(await bodies(loner)).toEqual(['all: stand by']);
    expect(sent.deliveries).toHaveLength(5);
    expect(sent.messageIds).toHaveLength(5);
  });

  it('de-duplicates identical content per recipient within the window, not after it, not when asked not to', async () => {
    const { f, lead, w1, w2 } = await org();
    const first = await lead.call<Sent>('message.send', { to: { team: 'web' }, body: 'RECOVERY_NEEDED' });
    const again = await lead.call<Sent>('message.send', { to: [{ team: 'web' }], body: 'RECOVERY_NEEDED' });
    expect(again.deliveries).toEqual([]);
    expect(again.deduplicated.map((d) => d.recipientId).sort()).toEqual([w1.id, w2.id].sort());
    expect(again.deduplicated[0]!.duplicateOf).toBe(first.messageIds[0]);
    expect(
      (await lead.call<Sent>('message.send', { to: { team: 'web' }, body: 'RECOVERY_NEEDED', dedupe: false }))
        .deliveries,
    ).toHaveLength(2);
    // a different sender's identical text is a different fact
    expect(
      (await f.human<Sent>('message.send', { to: { agent: 'w1' }, body: 'RECOVERY_NEEDED' })).deliveries,
    ).toHaveLength(1);
    f.clock.advance(61_000);
    expect(
      (await lead.call<Sent>('message.send', { to: { team: 'web' }, body: 'RECOVERY_NEEDED' })).deliveries,
    ).toHaveLength(2);
    expect((await w1.call<Received>('message.receive', { limit: 100 })).messages).toHaveLength(4);
  });
});

describe('messaging: long-poll, TTL, status', () => {
  it('a waiting receive returns as soon as a matching message commits, without blocking', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const waiting = b.call<Received>('message.receive', { wait: 30, kinds: ['request'] });
    let answered = false;
    void waiting.then(() => (answered = true));
    await a.call('message.send', { kind: 'event', to: { agent: 'b' }, body: 'not this' });
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    await a.call('message.send', { kind: 'request', to: { agent: 'b' }, body: 'this' });
    expect((await waiting).messages.map((m) => m.body)).toEqual(['this']);
  });

  it('a waiting receive times out on the clock with nothing', async () => {
    const f = messagingFixture();
    const b = await f.spawn('b');
    const waiting = b.call<Received>('message.receive', { wait: 10, cursor: 7 });
    await new Promise((r) => setImmediate(r));
    f.clock.advance(9_999);
    let answered = false;
    void waiting.then(() => (answered = true));
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    f.clock.advance(1);
    expect(await waiting).toEqual({ messages: [], nextCursor: 7, hasMore: false });
  });

  it('drops expired messages with an event; they are never received and cannot be acked', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const { messageIds } = await a.call<Sent>('message.send', {
      to: { agent: 'b' },
      body: 'soon stale',
      ttlSeconds: 5,
    });
    await a.call('message.send', { to: { agent: 'b' }, body: 'keeps' });
    f.clock.advance(5_000);
    expect(f.ofType('message.expired')).toEqual([
      expect.objectContaining({ messageId: messageIds[0], recipientId: b.id }),
    ]);
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual(['keeps']);
    expect(await b.call('message.ack', { messageIds })).toEqual({ acked: 0, alreadyAcked: 0, expired: 1 });
    const history = await f.human<Received>('message.history', { agent: 'b' });
    expect(history.messages.find((m) => m.id === messageIds[0])!.state).toBe('expired');
  });

  it('reports depth and the age of the oldest unacknowledged message', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: '1' });
    f.clock.advance(4_000);
    await a.call('message.send', { to: { agent: 'b' }, body: '2' });
    await b.call('message.receive', { limit: 1 });
    f.clock.advance(1_000);
    const { inboxes } = await b.call<{
      inboxes: { recipientId: string; depth: number; unackedDelivered: number; oldestUnackedAgeMs: number }[];
    }>('message.status', {});
    expect(inboxes).toEqual([
      expect.objectContaining({
        recipientId: b.id,
        depth: 2,
        unackedDelivered: 1,
        held: 0,
        oldestUnackedAgeMs: 5_000,
      }),
    ]);
    const all = await f.human<{ inboxes: { recipientId: string }[] }>('message.status', {});
    expect(all.inboxes.map((i) => i.recipientId).sort()).toEqual(['human', a.id, b.id].sort());
  });
});

describe('messaging: handoffs wait for a human', () => {
  it('holds a handoff until the decider approves; a denied one is never delivered', async () => {
    const decider = new StubHandoffDecider();
    const f = messagingFixture({ decider });
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const ok = await a.call<Sent>('message.send', {
      kind: 'handoff',
      to: { agent: 'b' },
      body: 'take over the API',
    });
    const no = await a.call<Sent>('message.send', {
      kind: 'handoff',
      to: { agent: 'b' },
      body: 'delete prod',
    });
    expect(ok.deliveries[0]!.state).toBe('held');
    expect(decider.requests.map((r) => r.body)).toEqual(['take over the API', 'delete prod']);
    expect(decider.requests[0]).toMatchObject({ senderId: a.id, recipientIds: [b.id] });
    expect((await b.call<Received>('message.receive', {})).messages).toEqual([]);
    expect((await b.call<{ inboxes: { held: number }[] }>('message.status', {})).inboxes[0]!.held).toBe(2);
    const waiting = b.call<Received>('message.receive', { wait: 60 });
    decider.approve(ok.messageIds[0]!);
    decider.deny(no.messageIds[0]!, 'no');
    expect((await waiting).messages.map((m) => m.body)).toEqual(['take over the API']);
    expect(f.ofType('message.handoff_decided').map((e) => [e.approved, e.decidedBy])).toEqual([
      [true, 'stub'],
      [false, 'stub'],
    ]);
    expect(
      (await f.human<Received>('message.history', { agent: 'b' })).messages.map((m) => m.state).sort(),
    ).toEqual(['delivered', 'denied']);
  });

  it('the human can also decide directly with message.decide; deciding twice is a conflict', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const { messageIds } = await a.call<Sent>('message.send', {
      kind: 'handoff',
      to: { agent: 'b' },
      body: 'yours now',
    });
    await expect(a.call('message.decide', { message: messageIds[0], approve: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await f.human('message.decide', { message: messageIds[0], approve: true })).toEqual({
      messageId: messageIds[0],
      state: 'released',
      recipients: 1,
    });
    await expect(f.human('message.decide', { message: messageIds[0], approve: false })).rejects.toMatchObject(
      { code: 'conflict' },
    );
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual([
      'yours now',
    ]);
  });

  it('delivers handoffs at once when the policy says so', async () => {
    const f = messagingFixture({ messaging: { handoffPolicy: () => 'deliver' } });
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { kind: 'handoff', to: { agent: 'b' }, body: 'go' });
    expect((await b.call<Received>('message.receive', {})).messages).toHaveLength(1);
  });

  it('asks again after a restart for handoffs still held', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-msg-')), 'db.sqlite');
    const first = messagingFixture({ databasePath });
    const a = await first.spawn('a');
    await first.spawn('b');
    const { messageIds } = await a.call<Sent>('message.send', {
      kind: 'handoff',
      to: { agent: 'b' },
      body: 'later',
    });
    await first.orchestrator.close();
    const decider = new StubHandoffDecider();
    const second = messagingFixture({ databasePath, decider });
    expect(decider.requests.map((r) => r.messageId)).toEqual(messageIds);
    decider.approve(messageIds[0]!);
    expect(
      (await second.human<Received>('message.peek', { agent: 'b' })).messages.map((m) => m.body),
    ).toEqual(['later']);
    await second.orchestrator.close();
  });
});

describe('messaging: durability across restarts', () => {
  it('keeps unacknowledged messages and never redelivers acknowledged ones', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-msg-')), 'db.sqlite');
    const first = messagingFixture({ databasePath });
    const a = await first.spawn('a');
    const b = await first.spawn('b');
    const one = await a.call<Sent>('message.send', { to: { agent: 'b' }, body: 'acked' });
    await a.call('message.send', { to: { agent: 'b' }, body: 'pending' });
    await b.call('message.receive', {});
    await b.call('message.ack', { messageIds: one.messageIds });
    await first.orchestrator.close();
    const second = messagingFixture({ databasePath });
    const got = await second.as({ kind: 'agent', id: b.id })<Received>('message.receive', {});
    expect(got.messages.map((m) => m.body)).toEqual(['pending']);
    const history = await second.human<Received>('message.history', { agent: 'b' });
    expect(history.messages.filter((m) => m.id === one.messageIds[0])).toHaveLength(1);
    await second.orchestrator.close();
  });
});

describe('messaging: history and flow', () => {
  it('queries by agent pair, team and time window; flow has per-edge counts and latency', async () => {
    const f = messagingFixture();
    await f.human('team.create', { name: 'web' });
    const a = await f.spawn('a', { team: 'web' });
    const b = await f.spawn('b', { team: 'web' });
    const c = await f.spawn('c');
    const t0 = new Date(f.clock.now()).toISOString();
    await a.call('message.send', { kind: 'request', to: { agent: 'b' }, body: 'ab1' });
    await a.call('message.send', { kind: 'event', to: { agent: 'b' }, body: 'ab2' });
    await b.call('message.send', { to: { agent: 'a' }, body: 'ba1' });
    await c.call('message.send', { to: { agent: 'a' }, body: 'ca1' });
    f.clock.advance(2_000);
    await b.call('message.receive', {});
    f.clock.advance(10_000);
    const t1 = new Date(f.clock.now()).toISOString();
    await c.call('message.send', { to: { agent: 'b' }, body: 'cb-late' });

    const pair = await f.human<Received>('message.history', { agent: 'a', peer: 'b' });
    expect(pair.messages.map((m) => m.body)).toEqual(['ba1', 'ab2', 'ab1']);
    const team = await f.human<Received>('message.history', {
      team: 'web',
      until: new Date(f.clock.now() - 1).toISOString(),
    });
    expect(team.messages.map((m) => m.body).sort()).toEqual(['ab1', 'ab2', 'ba1', 'ca1']);
    const late = await f.human<Received>('message.history', { since: t1 });
    expect(late.messages.map((m) => m.body)).toEqual(['cb-late']);
    const paged = await f.human<Received>('message.history', { limit: 2 });
    expect(paged.hasMore).toBe(true);

    const flow = await f.human<{
      edges: {
        from: string;
        to: string;
        count: number;
        byKind: Record<string, number>;
        pending: number;
        deliveryLatencyMs: { p50: number } | null;
      }[];
    }>('message.flow', { since: t0, until: new Date(f.clock.now() - 1).toISOString() });
    const ab = flow.edges.find((e) => e.from === a.id && e.to === b.id)!;
    expect(ab).toMatchObject({
      count: 2,
      byKind: { request: 1, event: 1 },
      pending: 2,
      deliveryLatencyMs: { p50: 2_000 },
    });
    expect(flow.edges.find((e) => e.from === c.id && e.to === a.id)!.deliveryLatencyMs).toBeNull();
    expect(flow.edges).toHaveLength(3);
  });
});

describe('messaging: bad input is a typed error and changes nothing', () => {
  const cases: [string, string, unknown, string][] = [
    ['send: no body', 'message.send', { to: { agent: 'b' } }, 'invalid_input'],
    ['send: empty body', 'message.send', { to: { agent: 'b' }, body: '' }, 'invalid_input'],
    ['send: no recipient', 'message.send', { body: 'x' }, 'invalid_input'],
    ['send: unknown kind', 'message.send', { kind: 'shout', to: { agent: 'b' }, body: 'x' }, 'invalid_input'],
    ['send: bad address', 'message.send', { to: { planet: 'mars' }, body: 'x' }, 'invalid_input'],
    ['send: cascade and body', 'message.send', { cascade: { broadcast: 'x' }, body: 'y' }, 'invalid_input'],
    ['send: empty cascade', 'message.send', { cascade: {} }, 'invalid_input'],
    ['send: ttl 0', 'message.send', { to: { agent: 'b' }, body: 'x', ttlSeconds: 0 }, 'invalid_input'],
    [
      'send: body too long',
      'message.send',
      { to: { agent: 'b' }, body: 'x'.repeat(32_001) },
      'invalid_input',
    ],
    [
      'send: unknown agent',
      'message.send',
      { to: [{ agent: 'b' }, { agent: 'ghost' }], body: 'x' },
      'not_found',
    ],
    [
      'send: unknown team in cascade',
      'message.send',
      { cascade: { broadcast: 'x', teams: { nope: 'y' } } },
      'not_found',
    ],
    ['send: unknown replyTo', 'message.send', { replyTo: 'msg-nope', body: 'x' }, 'not_found'],
    ['receive: negative wait', 'message.receive', { wait: -1 }, 'invalid_input'],
    ['receive: wait too long', 'message.receive', { wait: 601 }, 'invalid_input'],
    ['receive: bad kinds', 'message.receive', { kinds: [] }, 'invalid_input'],
    ['receive: unknown agent', 'message.receive', { agent: 'ghost' }, 'not_found'],
    ['peek: limit 0', 'message.peek', { limit: 0 }, 'invalid_input'],
    ['ack: neither ids nor cursor', 'message.ack', {}, 'invalid_input'],
    ['ack: both', 'message.ack', { messageIds: ['m'], upTo: 1 }, 'invalid_input'],
    ['ack: unknown id', 'message.ack', { agent: 'b', messageIds: ['msg-nope'] }, 'not_found'],
    ['status: unknown agent', 'message.status', { agent: 'ghost' }, 'not_found'],
    ['history: peer without agent', 'message.history', { peer: 'a' }, 'invalid_input'],
    ['history: bad time', 'message.history', { since: 'yesterday' }, 'invalid_input'],
    ['history: unknown team', 'message.history', { team: 'nope' }, 'not_found'],
    ['flow: extra field', 'message.flow', { graph: true }, 'invalid_input'],
    ['flow: unknown team', 'message.flow', { team: 'nope' }, 'not_found'],
    ['decide: no message', 'message.decide', { message: 'msg-nope', approve: true }, 'not_found'],
    ['decide: approve missing', 'message.decide', { message: 'msg-nope' }, 'invalid_input'],
    ['decide: not a handoff', 'message.decide', { message: '$first', approve: true }, 'conflict'],
    ['not an object', 'message.send', 'hello', 'invalid_input'],
  ];
  it.each(cases)('%s', async (_label, name, input, code) => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    await f.spawn('b');
    const { messageIds } = await a.call<Sent>('message.send', { to: { agent: 'b' }, body: 'before' });
    await f.human('message.receive', { agent: 'b' });
    const before = await f.state();
    const eventsBefore = f.events.length;
    const resolved = JSON.parse(JSON.stringify(input).replace('$first', messageIds[0]!));
    await expect(f.human(name, resolved)).rejects.toMatchObject({ code });
    expect(await f.state()).toBe(before);
    expect(f.events).toHaveLength(eventsBefore);
  });
});

describe('messaging: handoffs through the approval queue (the default decider)', () => {
  type Approval = {
    id: string;
    kind: string;
    status: string;
    summary: string;
    payload: { messageId: string; message: string };
  };
  it('raises a `handoff` approval; approving delivers, denying never does', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const ok = await a.call<Sent>('message.send', {
      kind: 'handoff',
      to: { agent: 'b' },
      body: 'take the release',
    });
    const no = await a.call<Sent>('message.send', {
      kind: 'handoff',
      to: { agent: 'b' },
      body: 'take prod down',
    });
    const { approvals } = await f.human<{ approvals: Approval[] }>('approval.list', { kind: 'handoff' });
    expect(approvals.map((x) => x.payload.messageId)).toEqual([ok.messageIds[0], no.messageIds[0]]);
    expect(approvals[0]!.payload.message).toBe('take the release');
    // The summary is what a person reads (queue, attention centre, menu bar): the recipient by name.
    expect(approvals[0]!.summary).toBe('Handoff to b: take the release');
    expect((await b.call<Received>('message.receive', {})).messages).toEqual([]);
    await f.human('approval.decide', {
      decisions: [
        { id: approvals[0]!.id, verdict: 'approve' },
        { id: approvals[1]!.id, verdict: 'deny', comment: 'no' },
      ],
    });
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual([
      'take the release',
    ]);
    expect(
      f.ofType('message.handoff_decided').map((e) => [e.messageId, e.approved, e.decidedBy, e.reason]),
    ).toEqual([
      [ok.messageIds[0], true, 'human', null],
      [no.messageIds[0], false, 'human', 'no'],
    ]);
  });

  it('a policy that auto-approves handoffs delivers at once', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await f.human('policy.add', { kind: 'handoff', action: 'approve' });
    const sent = await a.call<Sent>('message.send', { kind: 'handoff', to: { agent: 'b' }, body: 'yours' });
    expect(sent.deliveries[0]!.state).toBe('queued');
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual(['yours']);
  });

  it('finds its approval again after a restart instead of raising a second one', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-msg-')), 'db.sqlite');
    const first = messagingFixture({ databasePath });
    const a = await first.spawn('a');
    const b = await first.spawn('b');
    await a.call('message.send', { kind: 'handoff', to: { agent: 'b' }, body: 'after restart' });
    await first.orchestrator.close();
    const second = messagingFixture({ databasePath });
    const { approvals } = await second.human<{ approvals: Approval[] }>('approval.list', { kind: 'handoff' });
    expect(approvals).toHaveLength(1);
    await second.human('approval.decide', { decisions: [{ id: approvals[0]!.id, verdict: 'approve' }] });
    expect(
      (await second.as({ kind: 'agent', id: b.id })<Received>('message.receive', {})).messages.map(
        (m) => m.body,
      ),
    ).toEqual(['after restart']);
    await second.orchestrator.close();
  });
});

describe('messaging: roles decide who may message whom', () => {
  it('refuses a named recipient the role may not message (nothing sent), leaves such members out of a group', async () => {
    const f = messagingFixture();
    const builder = await f.spawn('builder');
    const peer = await f.spawn('peer');
    const watcher = await f.spawn('watcher', { role: 'monitor' });
    const before = await f.state();
    await expect(
      builder.call('message.send', { to: [{ agent: 'peer' }, { agent: 'watcher' }], body: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      builder.call('message.send', { cascade: { agents: { watcher: 'x' } } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await f.state()).toBe(before);
    const sent = await builder.call<Sent & { notPermitted: string[] }>('message.send', {
      to: { broadcast: true },
      body: 'all',
    });
    expect(sent.deliveries.map((d) => d.recipientId)).toEqual([peer.id]);
    expect(sent.notPermitted).toEqual([watcher.id]);
    expect(
      (await f.human<Sent>('message.send', { to: { agent: 'watcher' }, body: 'the human may' })).deliveries,
    ).toHaveLength(1);
  });
});
