// One recipient's inbox holds at most `inboxQuota` copies it has not acknowledged (count and body bytes): an
// agent's send past it is refused with `rate_limited` naming the quota and nothing is sent; the oldest stay.
import { describe, expect, it } from 'vitest';
import { messagingFixture, type Received } from './messaging-fixture';

const never = { typeIntoPane: 'never' } as const;

describe('messaging: the inbox quota', () => {
  it('refuses an agent a send past the count, changing nothing; another inbox and the human are unaffected; acknowledging frees room', async () => {
    const f = messagingFixture({ messaging: { inboxQuota: { maxMessages: 3, maxBytes: 1_000_000 } } });
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await f.spawn('c');
    for (const body of ['one', 'two', 'three'])
      await a.call('message.send', { to: { agent: 'b' }, body, ...never });
    const before = await f.state();
    await expect(
      a.call('message.send', { to: { agent: 'b' }, body: 'four', ...never }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      details: { quota: 'messaging.inboxQuota', recipientId: b.id, maxMessages: 3 },
    });
    expect(await f.state()).toBe(before);
    await a.call('message.send', { to: { agent: 'c' }, body: 'to c', ...never });
    // The human's inbox has no quota: nothing acknowledges it yet.
    for (const body of ['h1', 'h2', 'h3', 'h4']) await a.call('message.send', { to: { human: true }, body });
    await f.human('message.send', { to: { agent: 'b' }, body: 'from the human', ...never });
    const received = await b.call<Received>('message.receive', {});
    expect(received.messages.map((m) => m.body)).toEqual(['one', 'two', 'three', 'from the human']);
    await b.call('message.ack', { upTo: received.nextCursor });
    await a.call('message.send', { to: { agent: 'b' }, body: 'four', ...never });
    expect((await b.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual(['four']);
  });

  it('counts body bytes too', async () => {
    const f = messagingFixture({ messaging: { inboxQuota: { maxMessages: 100, maxBytes: 100 } } });
    const a = await f.spawn('a');
    await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'x'.repeat(60), ...never });
    await expect(
      a.call('message.send', { to: { agent: 'b' }, body: 'y'.repeat(60), ...never }),
    ).rejects.toMatchObject({ code: 'rate_limited', details: { open: 2, bytes: 120, maxBytes: 100 } });
    await a.call('message.send', { to: { agent: 'b' }, body: 'z'.repeat(40), ...never });
  });

  it('an expired copy frees its room', async () => {
    const f = messagingFixture({ messaging: { inboxQuota: { maxMessages: 1, maxBytes: 1_000 } } });
    const a = await f.spawn('a');
    await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'soon gone', ttlSeconds: 1, ...never });
    await expect(
      a.call('message.send', { to: { agent: 'b' }, body: 'next', ...never }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
    });
    await f.drive(() => f.ofType('message.expired').length > 0);
    await a.call('message.send', { to: { agent: 'b' }, body: 'next', ...never });
  });
});
