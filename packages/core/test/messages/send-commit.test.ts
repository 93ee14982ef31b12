// One commit per call on the message path: what message.sent / message.acked announce is already
// durable, the call's audit entry included, and a receive that was waiting got its copy in that commit.
// A second connection to the same file sees only committed state, so it shows what the commit held.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageInput, humanCaller } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { messagingFixture, type Received } from './messaging-fixture';

const opened: Database.Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

function withObserver() {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-send-commit-')), 'db.sqlite');
  const f = messagingFixture({ databasePath });
  const observer = new Database(databasePath, { readonly: true });
  opened.push(observer);
  /** SQLite ends the host's whole transaction when a message with this body is written (as on a full disk). */
  const failWritesOf = (body: string) => {
    const writer = new Database(databasePath);
    opened.push(writer);
    writer.exec(`CREATE TRIGGER fail_write BEFORE INSERT ON messages WHEN NEW.body = '${body}'
      BEGIN SELECT RAISE(ROLLBACK, 'disk I/O error (simulated)'); END`);
  };
  const committed = {
    deliveryState: (messageId: string) =>
      (
        observer.prepare('SELECT state FROM message_deliveries WHERE message_id = ?').get(messageId) as
          { state: string } | undefined
      )?.state,
    copies: () =>
      (
        observer.prepare('SELECT state FROM message_deliveries ORDER BY cursor').all() as { state: string }[]
      ).map((r) => r.state),
    audits: (action: string) =>
      observer
        .prepare('SELECT actor_id, details FROM audit_log WHERE action = ? ORDER BY sequence')
        .all(action) as { actor_id: string; details: string }[],
  };
  return { f, committed, failWritesOf };
}

describe('message path: one commit per call', () => {
  it('a send to a waiting receive commits the copy, its delivery and the audit entry together, before message.sent goes out', async () => {
    const { f, committed } = withObserver();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const seenAtSent: { state?: string; audits: number; receiveAudits: number }[] = [];
    f.orchestrator.subscribe((event) => {
      if (event.type !== 'message.sent') return;
      seenAtSent.push({
        state: committed.deliveryState(event.messageId),
        audits: committed.audits('message.send').length,
        receiveAudits: committed.audits('message.receive').length,
      });
    });
    const waiting = b.call<Received>('message.receive', { wait: 30 });
    await new Promise((r) => setImmediate(r));
    await a.call('message.send', { kind: 'event', to: { agent: 'b' }, body: 'ping' });
    expect(seenAtSent).toEqual([{ state: 'delivered', audits: 1, receiveAudits: 1 }]);
    expect((await waiting).messages.map((m) => m.body)).toEqual(['ping']);
    const [entry] = committed.audits('message.send');
    expect(entry!.actor_id).toBe(a.id);
    expect(JSON.parse(entry!.details).input.body).toBe('ping');
  });

  it('an ack commits with its audit entry, before message.acked goes out; a refused ack writes neither', async () => {
    const { f, committed } = withObserver();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { kind: 'event', to: { agent: 'b' }, body: 'ping' });
    const { messages } = await b.call<Received>('message.receive', {});
    const auditsAtAcked: number[] = [];
    f.orchestrator.subscribe((event) => {
      if (event.type === 'message.acked') auditsAtAcked.push(committed.audits('message.ack').length);
    });
    await expect(b.call('message.ack', { messageIds: ['msg-not-there'] })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(committed.audits('message.ack')).toHaveLength(0);
    await b.call('message.ack', { messageIds: [messages[0]!.id] });
    expect(auditsAtAcked).toEqual([1]);
    expect(committed.deliveryState(messages[0]!.id)).toBe('acked');
  });

  it('a long-poll that ends empty is audited once, when it ends', async () => {
    const { f, committed } = withObserver();
    const b = await f.spawn('b');
    const waiting = b.call<Received>('message.receive', { wait: 5 });
    await new Promise((r) => setImmediate(r));
    expect(committed.audits('message.receive')).toHaveLength(0);
    f.clock.advance(5_000);
    expect((await waiting).messages).toEqual([]);
    expect(committed.audits('message.receive').map((e) => JSON.parse(e.details).input.wait)).toEqual([5]);
  });

  it('a message sent by Switchboard itself (no call) is not audited as a call', async () => {
    const { f, committed } = withObserver();
    const a = await f.spawn('a');
    f.orchestrator.messages.send(
      humanCaller,
      SendMessageInput.parse({
        kind: 'notification',
        to: { agent: a.id },
        body: 'from inside',
        dedupe: false,
      }),
    );
    await a.call('message.send', { kind: 'event', to: { human: true }, body: 'a call' });
    expect(committed.audits('message.send').map((e) => JSON.parse(e.details).input.body)).toEqual(['a call']);
  });

  it("sends arriving together share one commit; a refused one is its caller's alone and its refusal is audited", async () => {
    const { f, committed } = withObserver();
    const a = await f.spawn('a');
    const c = await f.spawn('c');
    const m = await f.spawn('m', { role: 'monitor' }); // a monitor may not message a builder
    const b = await f.spawn('b');
    const committedAtSent: { sent: string | undefined; copies: string[] }[] = [];
    f.orchestrator.subscribe((event) => {
      if (event.type !== 'message.sent') return;
      committedAtSent.push({ sent: committed.deliveryState(event.messageId), copies: committed.copies() });
    });
    const waiting = b.call<Received>('message.receive', { wait: 30 });
    await new Promise((r) => setImmediate(r));
    const send = (from: typeof a, body: string) =>
      from.call<{ messageIds: string[] }>('message.send', { kind: 'event', to: { agent: 'b' }, body });
    const outcomes = await Promise.allSettled([send(a, 'from a'), send(m, 'from m'), send(c, 'from c')]);
    const [fromA, fromM, fromC] = outcomes;
    expect(fromA).toMatchObject({ status: 'fulfilled', value: { messageIds: [expect.any(String)] } });
    expect(fromM).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    expect(fromC).toMatchObject({ status: 'fulfilled', value: { messageIds: [expect.any(String)] } });
    // When the first message.sent went out, the second send of the group was committed already: one COMMIT.
    // a's copy answered the waiting receive inside the group (delivered); c's waits in the inbox (queued).
    const both = ['delivered', 'queued'];
    expect(committedAtSent).toEqual([
      { sent: 'delivered', copies: both },
      { sent: 'queued', copies: both },
    ]);
    const first = await waiting;
    expect(first.messages.map((msg) => msg.body)).toEqual(['from a']);
    const next = await b.call<Received>('message.receive', { cursor: first.nextCursor });
    expect(next.messages.map((msg) => msg.body)).toEqual(['from c']);
    // Each caller's own answer and audit entry; the refused send wrote no message, but its refusal stands.
    expect(committed.audits('message.send').map((e) => JSON.parse(e.details).input.body)).toEqual([
      'from a',
      'from c',
    ]);
    expect(committed.audits('authorization.denied').map((e) => e.actor_id)).toEqual([m.id]);
    const history = await f.human<{ messages: { body: string }[] }>('message.history', {});
    expect(history.messages.map((msg) => msg.body).sort()).toEqual(['from a', 'from c']);
  });

  it('a waiting receive whose claim was undone with its group keeps waiting, and gets the next message', async () => {
    const { f, committed, failWritesOf } = withObserver();
    const a = await f.spawn('a');
    const c = await f.spawn('c');
    const b = await f.spawn('b');
    failWritesOf('poison');
    const sent: string[] = [];
    f.orchestrator.subscribe((event) => {
      if (event.type === 'message.sent') sent.push(committed.deliveryState(event.messageId) ?? 'none');
    });
    let answered = false;
    const waiting = b.call<Received>('message.receive', { wait: 30 }).finally(() => (answered = true));
    await new Promise((r) => setImmediate(r));
    const send = (from: typeof a, body: string) =>
      from.call<{ messageIds: string[] }>('message.send', { kind: 'event', to: { agent: 'b' }, body });
    // One group: a's send claims for the waiting receive, then c's write ends SQLite's transaction.
    const outcomes = await Promise.allSettled([send(a, 'first'), send(c, 'poison')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(committed.copies()).toEqual([]);
    expect(sent).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    // The receive still waits, and the next send (a group of its own) answers it with that message only.
    await send(a, 'again');
    expect((await waiting).messages.map((m) => m.body)).toEqual(['again']);
    expect(sent).toEqual(['delivered']);
    const history = await f.human<{ messages: { body: string }[] }>('message.history', {});
    expect(history.messages.map((m) => m.body)).toEqual(['again']);
  });
});
