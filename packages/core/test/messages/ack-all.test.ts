// `message.ack { all: true }`: every message of the caller's own inbox not yet acknowledged (received or
// not), in one call, one transaction and one audit entry, however many there are; held ones stay the
// decider's, expired ones stay expired; with `upTo`, only up to that cursor. Real orchestrator, in memory.
import { describe, expect, it } from 'vitest';
import { messagingFixture, type Received } from './messaging-fixture';

type Status = { inboxes: { recipientId: string; depth: number; held: number }[] };
type Ack = { acked: number; alreadyAcked: number; expired: number };
const never = { typeIntoPane: 'never' } as const;

describe('message.ack all', () => {
  it("marks all of the human's 1,200 unread read in one call and one audit entry; held and expired stay as they were", async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const sent = await f.human<{ messageIds: string[] }>('message.send', {
      to: { agent: 'a' },
      body: 'a task',
      ...never,
    });
    // 1,200 unread (more than one ack by ids may name), one that expires, one read through the API.
    for (let i = 0; i < 1_200; i++) {
      await a.call('message.send', { to: { human: true }, body: `note ${i}` });
      f.clock.advance(60); // within the agent's send rate (1,200 a minute)
    }
    await a.call('message.send', { to: { human: true }, body: 'soon stale', ttlSeconds: 1 });
    f.clock.advance(2_000);
    await f.human<Received>('message.receive', { limit: 1 });
    // A handoff to the human waits for its decision (held): not the human's to read yet.
    await a.call('message.send', { kind: 'handoff', to: { human: true }, body: 'take over' });
    const before = (await f.human<Status>('message.status', {})).inboxes.find(
      (i) => i.recipientId === 'human',
    )!;
    expect(before).toMatchObject({ depth: 1_200, held: 1 });
    const audited = () => f.orchestrator.audit.list({ action: 'message.ack' });
    expect(audited()).toHaveLength(0);

    expect(await f.human<Ack>('message.ack', { all: true })).toEqual({
      acked: 1_200,
      alreadyAcked: 0,
      expired: 0,
    });
    const after = (await f.human<Status>('message.status', {})).inboxes.find(
      (i) => i.recipientId === 'human',
    )!;
    expect(after).toMatchObject({ depth: 0, held: 1 });
    expect(audited()).toHaveLength(1);
    expect(f.ofType('message.acked').flatMap((e) => e.messageIds)).toHaveLength(1_200);
    const states = (await f.human<Received>('message.history', { agent: 'human', limit: 500 })).messages
      .filter((m) => m.recipientId === 'human')
      .map((m) => m.state);
    expect(new Set(states)).toEqual(new Set(['acked', 'expired', 'held']));
    // Nothing left: a second one acknowledges nothing, and is still one call.
    expect(await f.human<Ack>('message.ack', { all: true })).toMatchObject({ acked: 0 });
    // The agent's own inbox is untouched by the human's.
    expect((await a.call<Received>('message.receive', {})).messages.map((m) => m.id)).toEqual(
      sent.messageIds,
    );
  });

  it("with upTo only up to that cursor; an agent acks its own inbox and no one else's", async () => {
    const f = messagingFixture();
    const [a, b] = [await f.spawn('a'), await f.spawn('b')];
    for (const body of ['one', 'two', 'three'])
      await a.call('message.send', { to: { agent: 'b' }, body, ...never });
    const peeked = await b.call<{ messages: { cursor: number; body: string }[] }>('message.peek', {});
    const two = peeked.messages.find((m) => m.body === 'two')!;
    await expect(a.call('message.ack', { agent: 'b', all: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await b.call<Ack>('message.ack', { all: true, upTo: two.cursor })).toMatchObject({ acked: 2 });
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual(['three']);
    expect(await b.call<Ack>('message.ack', { all: true })).toMatchObject({ acked: 1 });
  });

  it('refuses all beside messageIds, and all other than true, with a typed error; nothing changes', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    await a.call('message.send', { to: { human: true }, body: 'hello' });
    const state = await f.state();
    for (const input of [{ all: true, messageIds: ['x'] }, { all: false }, { all: 'yes' }, {}])
      await expect(f.human('message.ack', input)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await f.state()).toBe(state);
  });
});
