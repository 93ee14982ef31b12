import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '@switchboard/protocol';
import { worldsClosedAfterEach } from '../support/world';

const world = worldsClosedAfterEach();
type Usage = CommandOutput<'quota.usage'>;

describe('quota.usage: how close each agent is to its memory and inbox quotas', () => {
  it("counts an agent's memory bytes and its unacknowledged inbox against the limits; an ack frees the inbox", async () => {
    const w = await world();
    const alice = await w.spawn('alice');
    const bob = await w.spawn('bob');
    await w.as(alice)('memory.put', { namespace: 'global', key: 'k1', value: 'x'.repeat(60) });
    await w.as(alice)('message.send', { to: { agent: 'bob' }, body: 'hello', typeIntoPane: 'never' });
    await w.as(alice)('message.send', { to: { agent: 'bob' }, body: 'héllo', typeIntoPane: 'never' });

    const all = (await w.human('quota.usage')) as Usage;
    const of = (id: string) => all.usage.find((u) => u.agentId === id);
    // key (2) + value (60) + tags ('[]', 2) bytes, as the quota counts them.
    expect(of(alice.id)).toEqual({
      agentId: alice.id,
      memory: { usedBytes: 64, limitBytes: 16 * 1024 * 1024 },
      inbox: { messages: 0, maxMessages: 10_000, bytes: 0, maxBytes: 32 * 1024 * 1024 },
    });
    expect(of(bob.id)?.inbox).toMatchObject({ messages: 2, bytes: 11 });
    expect(of(bob.id)?.memory.usedBytes).toBe(0);

    await w.as(bob)('message.receive', {});
    const { usage } = (await w.as(bob)('quota.usage')) as Usage;
    expect(usage.map((u) => [u.agentId, u.inbox.messages])).toEqual([[bob.id, 2]]);
    const { messages } = (await w.as(bob)('message.peek', {})) as { messages: { id: string }[] };
    await w.as(bob)('message.ack', { messageIds: messages.map((m) => m.id) });
    expect(((await w.human('quota.usage', { agent: 'bob' })) as Usage).usage[0]?.inbox).toMatchObject({
      messages: 0,
      bytes: 0,
    });
  });

  it("an agent reads its own usage (by name too) but never another agent's: forbidden, nothing returned", async () => {
    const w = await world();
    const alice = await w.spawn('alice');
    await w.spawn('bob');
    const own = (await w.as(alice)('quota.usage', { agent: 'alice' })) as Usage;
    expect(own.usage.map((u) => u.agentId)).toEqual([alice.id]);
    await expect(w.as(alice)('quota.usage', { agent: 'bob' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(w.human('quota.usage', { agent: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(w.human('quota.usage', { agent: 7 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
