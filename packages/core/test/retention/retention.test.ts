// Retention: finished rows go by age and by a cap, in short batches; nothing pending, open or unacknowledged by
// an agent is ever deleted. Real SQLite (a database file), the real orchestrator, a fake clock.
import { describe, expect, it } from 'vitest';
import type { FleetSearchGroup } from '@switchboard/protocol';
import { fixturesClosedAfterEach, never, type Received } from './retention-fixture';

const fixture = fixturesClosedAfterEach();

const bodies = (received: Received) => received.messages.map((m) => m.body);

describe('retention: messages', () => {
  it('a flood of acknowledged messages is cut to the cap, oldest first, with deliveries and index rows; unacknowledged ones all stay', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const c = await f.spawn('c');
    // The oldest five are never acknowledged: beyond the cap, they still stay.
    for (let i = 0; i < 5; i++)
      await a.call('message.send', { to: { agent: 'c' }, body: `pending word${i}`, ...never });
    for (let i = 0; i < 30; i++) {
      f.clock.advance(10);
      await a.call('message.send', { to: { agent: 'b' }, body: `done zebra${i}`, ...never });
    }
    let received = await b.call<Received>('message.receive', { limit: 100 });
    expect(received.messages).toHaveLength(30);
    const oldest = received.messages[0]!;
    await b.call('message.ack', { upTo: received.nextCursor });
    expect(f.count('messages')).toBe(35);

    await f.configure({ limits: { messages: { maxRows: 10, maxAgeDays: null } } });
    const sweep = await f.sweep();

    expect(sweep.dropped.messages).toBe(20);
    expect(f.count('messages')).toBe(15);
    expect(f.count('message_deliveries')).toBe(15);
    const status = await f.status();
    expect(status.rows.messages).toBe(15);
    expect(status.lastSweep?.dropped.messages).toBe(20);
    // The five unacknowledged ones are all there for their recipient.
    received = await c.call<Received>('message.receive', { limit: 100 });
    expect(bodies(received)).toEqual([0, 1, 2, 3, 4].map((i) => `pending word${i}`));
    // History, search and the flow read what is left without a reference to what went.
    const history = await f.human<Received>('message.history', { limit: 500 });
    expect(bodies(history)).not.toContain('done zebra0');
    expect(history.messages).toHaveLength(15);
    const search = async (query: string) =>
      (
        await f.human<{ total: number; groups: FleetSearchGroup[] }>('fleet.search', {
          query,
          sources: ['message'],
        })
      ).total;
    expect(await search('zebra0')).toBe(0);
    expect(await search('zebra29')).toBe(1);
    expect(f.count('message_fts')).toBe(15);
    // The index's secure-delete, off for the sweep's own deletes, is on again.
    expect(f.read(`SELECT v FROM message_fts_config WHERE k = 'secure-delete'`)).toBe(1);
    const flow = await f.human<{ edges: { to: string; count: number }[] }>('message.flow', {});
    expect(flow.edges.find((e) => e.to === b.id)?.count).toBe(10);
    // A reply to a message that went is refused by name (not_found, with a hint), not a crash.
    await expect(
      b.call('message.send', { to: { agent: 'a' }, body: 'late reply', replyTo: oldest.id, ...never }),
    ).rejects.toMatchObject({ code: 'not_found', hint: expect.stringContaining('retention') });
  });

  it('by age: acknowledged messages older than maxAgeDays go, younger ones and unacknowledged ones stay', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'old and read', ...never });
    await a.call('message.send', { to: { agent: 'b' }, body: 'old and unread', ...never });
    const first = await b.call<Received>('message.receive', { limit: 1 });
    await b.call('message.ack', { upTo: first.nextCursor });
    f.clock.advance(2 * 86_400_000);
    await a.call('message.send', { to: { agent: 'b' }, body: 'new', ...never });
    await f.configure({ limits: { messages: { maxAgeDays: 1 } } });
    expect((await f.sweep()).dropped).toEqual({ messages: 1 });
    const left = await b.call<Received>('message.receive', { limit: 10 });
    expect(bodies(left)).toEqual(['old and unread', 'new']);
  });
});

describe('retention: handoffs', () => {
  it('a held handoff and its pending approval survive a sweep that keeps nothing finished; once decided and read, they go', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { kind: 'handoff', to: { agent: 'b' }, body: 'take over the API' });
    const none = { maxAgeDays: 0, maxRows: 0 };
    await f.configure({ limits: { messages: none, approvals: none, humanInbox: none, attention: none } });
    f.clock.advance(1);
    await f.sweep();
    expect(f.count('messages')).toBe(1);
    const pending = await f.human<{ approvals: { id: string }[] }>('approval.list', {});
    expect(pending.approvals).toHaveLength(1);
    await f.human('approval.decide', { decisions: [{ id: pending.approvals[0]!.id, verdict: 'approve' }] });
    const received = await b.call<Received>('message.receive', {});
    expect(bodies(received)).toEqual(['take over the API']);
    await b.call('message.ack', { upTo: received.nextCursor });
    f.clock.advance(1);
    // The decision's reply to the sender is a message too; once every copy is read, all of it may go.
    const note = await a.call<Received>('message.receive', {});
    expect(note.messages).toHaveLength(1);
    await a.call('message.ack', { upTo: note.nextCursor });
    const sweep = await f.sweep();
    expect(sweep.dropped).toMatchObject({ approvals: 1 });
    expect(f.count('messages')).toBe(0);
  });
});

describe("retention: the human's inbox", () => {
  it('keeps the newest N unacknowledged messages, and counts what it dropped', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    for (let i = 0; i < 25; i++) await a.call('message.send', { to: { human: true }, body: `to you ${i}` });
    expect((await f.status()).rows.humanInbox).toBe(25);
    await f.configure({ limits: { humanInbox: { maxRows: 10 } } });
    const sweep = await f.sweep();
    expect(sweep.dropped.humanInbox).toBe(15);
    const status = await f.status();
    expect(status.rows.humanInbox).toBe(10);
    expect(status.droppedTotal.humanInbox).toBe(15);
    const inbox = await f.human<Received>('message.receive', { limit: 100 });
    expect(bodies(inbox)).toEqual(Array.from({ length: 10 }, (_, i) => `to you ${i + 15}`));
    // A second sweep drops nothing more; the total stays.
    expect((await f.sweep()).dropped.humanInbox).toBeUndefined();
    expect((await f.status()).droppedTotal.humanInbox).toBe(15);
  });
});

describe('retention: approvals, attention, notifications, votes', () => {
  it('with maxAgeDays 0 every finished row goes; pending approvals, open items and open votes survive', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    const request = (summary: string) =>
      f.human<{ approval: { id: string } }>('approval.request', { kind: 'escalation', summary });
    const decided = await request('decided');
    const pending = await request('pending');
    await f.human('approval.decide', { decisions: [{ id: decided.approval.id, verdict: 'approve' }] });
    const item = (title: string) =>
      f.orchestrator.attention.notify({
        kind: 'error',
        severity: 'critical',
        agentId: `made-up-${title}`,
        title,
        body: 'b',
        approvalId: null,
      });
    item('dismissed');
    f.clock.advance(60_000);
    item('open');
    const listed = f.orchestrator.attention.list({ includeClosed: false, limit: 10 }).items;
    await f.human('attention.dismiss', { ids: [listed.find((i) => i.title === 'dismissed')!.id] });
    for (const summary of ['one', 'two', 'three']) await a.call('human.notify', { summary });
    const propose = () =>
      f.human<{ id: string }>('vote.propose', {
        question: 'q?',
        options: ['x', 'y'],
        voters: { agents: ['a'] },
      });
    const closed = await propose();
    await a.call('vote.cast', { vote: closed.id, option: 'x' });
    const open = await propose();

    const kinds = ['approvals', 'attention', 'notifications', 'votes'] as const;
    await f.configure({
      limits: Object.fromEntries(kinds.map((k) => [k, { maxAgeDays: 0, maxRows: null }])),
    });
    f.clock.advance(1);
    const sweep = await f.sweep();

    expect(sweep.dropped).toMatchObject({ approvals: 1, attention: 1, notifications: 3, votes: 1 });
    const rows = (await f.status()).rows;
    expect(rows).toMatchObject({ approvals: 1, notifications: 0, votes: 1 });
    const stillPending = await f.human<{ approvals: { id: string }[] }>('approval.list', {});
    expect(stillPending.approvals.map((x) => x.id)).toEqual([pending.approval.id]);
    expect((await f.human<{ state: string }>('vote.get', { vote: open.id })).state).toBe('open');
    // Open items stay (the pending approval's among them), closed ones went.
    const openItems = f.orchestrator.attention.list({ includeClosed: false, limit: 10 }).items;
    expect(f.orchestrator.attention.list({ includeClosed: true, limit: 10 }).items).toEqual(openItems);
    expect(openItems.map((i) => i.title)).toContain('open');
    expect(rows.attention).toBe(openItems.length);
    // Announced and audited: counts per kind, never a row's contents.
    const swept = f.events.filter((e) => e.type === 'retention.swept').at(-1);
    expect(swept).toMatchObject({ sweep: { dropped: sweep.dropped } });
    const audit = await f.human<{ entries: { action: string; details: unknown }[] }>('audit.list', {
      action: 'retention.swept',
    });
    expect(audit.entries.at(0)?.details).toMatchObject({ dropped: sweep.dropped });
    expect(JSON.stringify(audit.entries)).not.toContain('decided');
  });
});

describe('retention: settings', () => {
  it('a restart keeps what the human configured, and the totals dropped', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    for (let i = 0; i < 3; i++) await a.call('message.send', { to: { human: true }, body: `n${i}` });
    const configured = await f.configure({
      limits: { humanInbox: { maxRows: 1 }, approvals: { maxAgeDays: 7, maxRows: null } },
      intervalMinutes: 60,
    });
    await f.sweep();
    await f.restart();
    const after = await f.status();
    expect(after.limits).toEqual(configured.limits);
    expect(after.limits.approvals).toEqual({ maxAgeDays: 7, maxRows: null });
    expect(after.intervalMinutes).toBe(60);
    expect(after.droppedTotal.humanInbox).toBe(2);
  });

  it('hostile configure input is refused with a typed error and changes nothing; agents may not call it', async () => {
    const f = await fixture();
    const a = await f.spawn('a');
    const before = await f.status();
    const hostile: unknown[] = [
      { limits: { messages: { maxRows: -1 } } },
      { limits: { messages: { maxAgeDays: 1e12 } } },
      { limits: { messages: { maxAgeDays: 1.5 } } },
      { limits: { messages: { maxRows: '10' } } },
      { limits: { messages: { maxRows: Number.NaN } } },
      { limits: { everything: { maxRows: 1 } } },
      { limits: { messages: { maxRows: 1, extra: true } } },
      { limits: [] },
      { intervalMinutes: 0 },
      { intervalMinutes: 1e9 },
      { surprise: 1 },
      null,
      'all',
    ];
    for (const input of hostile)
      await expect(f.configure(input), JSON.stringify(input)).rejects.toMatchObject({
        code: 'invalid_input',
      });
    await expect(a.call('retention.configure', {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(a.call('retention.sweep', {})).rejects.toMatchObject({ code: 'forbidden' });
    // The agent's two refused calls are audited (authorization.denied); nothing else changed.
    expect(await f.status()).toEqual({ ...before, rows: { ...before.rows, audit: before.rows.audit + 2 } });
  });
});
