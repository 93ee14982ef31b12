// `message.receive` with `ack`: the next receive acknowledges what the last one returned, so a steady
// stream costs one receive per batch instead of a receive and an ack. Same rules as `message.ack upTo`:
// only what this inbox received is acknowledged, it never comes back, and the acknowledgment is
// committed before the receive waits.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/testing/index';
import { messagingFixture, type Received } from './messaging-fixture';

type AckedReceive = Received & { acked?: number };
type Status = { inboxes: { recipientId: string; depth: number; unackedDelivered: number }[] };

describe('message.receive with ack', () => {
  it('acknowledges what the inbox received up to the cursor, then receives; acked messages never come back', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'one' });
    await a.call('message.send', { to: { agent: 'b' }, body: 'two' });
    const first = await b.call<AckedReceive>('message.receive', {});
    expect(first.messages.map((m) => m.body)).toEqual(['one', 'two']);
    expect(first.acked).toBeUndefined();
    await a.call('message.send', { to: { agent: 'b' }, body: 'three' });
    const second = await b.call<AckedReceive>('message.receive', { ack: first.nextCursor });
    expect(second.acked).toBe(2);
    expect(second.messages.map((m) => m.body)).toEqual(['three']);
    expect(f.ofType('message.acked').flatMap((e) => e.messageIds)).toEqual(first.messages.map((m) => m.id));
    const third = await b.call<AckedReceive>('message.receive', { ack: second.nextCursor });
    expect(third).toMatchObject({ messages: [], acked: 1 });
    // Acknowledging the same cursor again acknowledges nothing more.
    expect(await b.call<AckedReceive>('message.receive', { ack: second.nextCursor })).toMatchObject({
      messages: [],
      acked: 0,
    });
    const history = await f.human<{ messages: { body: string; state: string }[] }>('message.history', {
      agent: 'b',
    });
    expect(history.messages.map((m) => [m.body, m.state]).sort()).toEqual([
      ['one', 'acked'],
      ['three', 'acked'],
      ['two', 'acked'],
    ]);
  });

  it('leaves a message below the cursor that this inbox never received (another kind) unacknowledged', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { kind: 'request', to: { agent: 'b' }, body: 'r1' });
    await a.call('message.send', { kind: 'event', to: { agent: 'b' }, body: 'e1' });
    await a.call('message.send', { kind: 'request', to: { agent: 'b' }, body: 'r2' });
    const got = await b.call<AckedReceive>('message.receive', { kinds: ['request'] });
    expect(got.messages.map((m) => m.body)).toEqual(['r1', 'r2']);
    const next = await b.call<AckedReceive>('message.receive', { ack: got.nextCursor });
    expect(next.acked).toBe(2);
    expect(next.messages.map((m) => m.body)).toEqual(['e1']);
  });

  it('commits the acknowledgment before it waits for the next message', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'one' });
    const got = await b.call<AckedReceive>('message.receive', {});
    const waiting = b.call<AckedReceive>('message.receive', { ack: got.nextCursor, wait: 30 });
    await new Promise((resolve) => setImmediate(resolve));
    const status = await f.human<Status>('message.status', { agent: 'b' });
    expect(status.inboxes[0]).toMatchObject({ depth: 0, unackedDelivered: 0 });
    await a.call('message.send', { to: { agent: 'b' }, body: 'two' });
    const answered = await waiting;
    expect(answered.acked).toBe(1);
    expect(answered.messages.map((m) => m.body)).toEqual(['two']);
  });

  it('delivers a stream exactly once with one receive per batch', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const seen = new Map<string, number>();
    let cursor: number | undefined;
    let receives = 0;
    for (let i = 0; i < 120; i++) {
      await a.call('message.send', { to: { agent: 'b' }, body: `m${i}`, dedupe: false });
      // A receive every few sends: batches of 1–3.
      if (i % 3 !== 0 && i !== 119) continue;
      const got: AckedReceive = await b.call('message.receive', cursor === undefined ? {} : { ack: cursor });
      receives++;
      for (const m of got.messages) seen.set(m.body, (seen.get(m.body) ?? 0) + 1);
      cursor = got.nextCursor;
    }
    const last: AckedReceive = await b.call('message.receive', { ack: cursor });
    expect(last.messages).toEqual([]);
    expect(seen.size).toBe(120);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(receives).toBeLessThan(60);
    const status = await f.human<Status>('message.status', { agent: 'b' });
    expect(status.inboxes[0]).toMatchObject({ depth: 0, unackedDelivered: 0 });
  });

  it("refuses to acknowledge another agent's inbox, and a bad cursor, changing nothing", async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'secret' });
    const got = await b.call<AckedReceive>('message.receive', {});
    const before = await f.state();
    await expect(a.call('message.receive', { agent: 'b', ack: got.nextCursor })).rejects.toMatchObject({
      code: 'forbidden',
    });
    for (const ack of [-1, 1.5, '3', null])
      await expect(b.call('message.receive', { ack })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await f.state()).toBe(before);
  });

  it('announces a copy delivered once, when it is first received, and keeps that first delivery time', async () => {
    const clock = new FakeClock(Date.parse('2026-12-07T04:00:00.000Z'));
    const f = messagingFixture({ clock });
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'one' });
    const first = await b.call<AckedReceive>('message.receive', {});
    clock.advance(5_000);
    await a.call('message.send', { to: { agent: 'b' }, body: 'two' });
    // Nothing acknowledged: 'one' comes again, with the time it was first delivered; only 'two' is new.
    const again = await b.call<AckedReceive>('message.receive', {});
    expect(again.messages.map((m) => [m.body, m.state, m.deliveredAt])).toEqual([
      ['one', 'delivered', first.messages[0]!.deliveredAt],
      ['two', 'delivered', '2026-12-07T04:00:05.000Z'],
    ]);
    expect(first.messages[0]!.deliveredAt).toBe('2026-12-07T04:00:00.000Z');
    expect(f.ofType('message.delivered').map((e) => [e.messageId, e.latencyMs])).toEqual([
      [first.messages[0]!.id, 0],
      [again.messages[1]!.id, 0],
    ]);
    const acked = await b.call<AckedReceive>('message.receive', { ack: again.nextCursor });
    expect(acked).toMatchObject({ messages: [], acked: 2 });
    expect(f.ofType('message.delivered')).toHaveLength(2);
  });
});
