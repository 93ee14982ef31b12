import { describe, expect, it } from 'vitest';
import { MessageFlowEdge } from '@switchboard/protocol';
import { messagingFixture } from './messaging-fixture';

type Sent = { messageIds: string[] };

// The flow graph's requests without a reply (issue 22, item 6): matched message by message, by the reply's
// replyTo or correlation id, never by counting replies against requests.
describe('message.flow: requests matched to their replies', () => {
  it('counts a request unanswered until its recipient replies to it (replyTo or correlation), once, also when replaying', async () => {
    const f = messagingFixture();
    const [a, b, c] = [await f.spawn('a'), await f.spawn('b'), await f.spawn('c')];
    const t0 = new Date(f.clock.now()).toISOString();
    const ask = async (from: typeof a, to: string, body: string, extra: object = {}) =>
      (await from.call<Sent>('message.send', { kind: 'request', to: { agent: to }, body, ...extra }))
        .messageIds[0]!;
    const r1 = await ask(a, 'b', 'r1');
    await ask(a, 'b', 'r2');
    await ask(a, 'b', 'r3');
    await ask(c, 'a', 'job 7', { correlationId: 'job-7' });
    await ask(c, 'a', 'job 8', { correlationId: 'job-8' });
    f.clock.advance(1_000);
    const beforeReplies = new Date(f.clock.now()).toISOString();
    f.clock.advance(1_000);
    // b answers r1 (its correlation defaults to r1's id); a reply naming no request answers none.
    await b.call('message.send', { kind: 'reply', replyTo: r1, body: 'done r1' });
    await b.call('message.send', { kind: 'reply', to: { agent: 'a' }, body: 'a loose reply' });
    // a answers job 7 by its correlation id alone; c's own reply to r1 answers nothing of a → b.
    await a.call('message.send', { kind: 'reply', to: { agent: 'c' }, correlationId: 'job-7', body: 'j7' });
    await c.call('message.send', { kind: 'reply', to: { agent: 'a' }, correlationId: r1, body: 'not b' });
    // A second reply to r1 does not make it answered twice (nor another one answered).
    await b.call('message.send', { kind: 'reply', replyTo: r1, body: 'r1 again' });

    const flow = async (until?: string) => {
      const { edges } = await f.human<{ edges: unknown[] }>('message.flow', {
        since: t0,
        ...(until ? { until } : {}),
      });
      // The host's answer is what the contract says.
      return edges.map((e) => MessageFlowEdge.parse(e));
    };
    const names: Record<string, string> = { [a.id]: 'a', [b.id]: 'b', [c.id]: 'c' };
    const unanswered = (edges: MessageFlowEdge[]) =>
      Object.fromEntries(
        edges.filter((e) => e.unanswered > 0).map((e) => [`${names[e.from]}>${names[e.to]}`, e.unanswered]),
      );
    const now = await flow();
    // Counting would say a>b: 3 requests - 3 replies from b = 0, c>a: 2 - 2 = 0.
    expect(unanswered(now)).toEqual({ 'a>b': 2, 'c>a': 1 });
    expect(now.filter((e) => !e.byKind['request']).every((e) => e.unanswered === 0)).toBe(true);
    // Replaying up to before the replies: every request was still open.
    expect(unanswered(await flow(beforeReplies))).toEqual({ 'a>b': 3, 'c>a': 2 });
  });
});
