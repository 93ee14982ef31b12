// A wait whose caller has gone (its transport aborts the call's signal) ends at once: it frees its slot, leaves no
// timer or listener behind, and takes nothing (a message it did not answer stays queued for the next receive).
import { describe, expect, it } from 'vitest';
import type { Caller } from '@switchboard/protocol';
import { MAX_PARKED_RECEIVES } from '../../src/messages/inbox';
import { messagingFixture, type Received } from '../messages/messaging-fixture';

type Status = { inboxes: { depth: number; unackedDelivered: number }[] };
type Waited = { timedOut: boolean; approval: { id: string; status: string } };

function calls(f: ReturnType<typeof messagingFixture>, caller: Caller) {
  /** Calls as `caller`; `leave()` is the caller's connection closing. */
  return <T>(name: string, input: unknown) => {
    const gone = new AbortController();
    let answer: T | undefined;
    const call = f.orchestrator
      .invoke(caller, name, input, { signal: gone.signal })
      .then((output) => (answer = output as T));
    return { call, leave: () => gone.abort(), answered: () => answer };
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a wait whose caller has gone', () => {
  it('message.receive: ends at once, frees its slot, and the message waits for the next receive', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const asB = calls(f, { kind: 'agent', id: b.id });
    await settle();
    const timers = f.clock.pending();
    const dropped = Array.from({ length: MAX_PARKED_RECEIVES }, () =>
      asB<Received>('message.receive', { wait: 600 }),
    );
    await settle();
    expect(f.clock.pending()).toBe(timers + MAX_PARKED_RECEIVES);
    dropped.forEach((receive) => receive.leave());
    // Answered (empty) without the clock moving: before, each waited its 600 s.
    const answers = await Promise.all(dropped.map((receive) => receive.call));
    expect(answers.every((r) => r.messages.length === 0)).toBe(true);
    expect(f.clock.pending()).toBe(timers);
    // Their slots are free: a full inbox's worth of new receives parks without answering any of them to make room.
    const waiting = Array.from({ length: MAX_PARKED_RECEIVES }, () =>
      asB<Received>('message.receive', { wait: 600 }),
    );
    await settle();
    expect(waiting.every((receive) => receive.answered() === undefined)).toBe(true);
    waiting.forEach((receive) => receive.leave());
    await Promise.all(waiting.map((receive) => receive.call));
    // Sent after they left: nothing took it. Queued, not delivered; the next receive gets it.
    await a.call('message.send', { to: { agent: 'b' }, body: 'for whoever asks next' });
    const status = await b.call<Status>('message.status', {});
    expect(status.inboxes[0]).toMatchObject({ depth: 1, unackedDelivered: 0 });
    const next = await b.call<Received>('message.receive', { wait: 600 });
    expect(next.messages.map((m) => m.body)).toEqual(['for whoever asks next']);
    await f.orchestrator.close();
  });

  it('message.receive: a caller gone before its receive ran acknowledges and takes nothing', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    await a.call('message.send', { to: { agent: 'b' }, body: 'one' });
    const first = await b.call<Received>('message.receive', {});
    await a.call('message.send', { to: { agent: 'b' }, body: 'two' });
    const gone = new AbortController();
    gone.abort();
    const late = (await f.orchestrator.invoke(
      { kind: 'agent', id: b.id },
      'message.receive',
      {
        ack: first.nextCursor,
        wait: 600,
      },
      { signal: gone.signal },
    )) as Received;
    expect(late.messages).toEqual([]);
    const status = await b.call<Status>('message.status', {});
    expect(status.inboxes[0]).toMatchObject({ depth: 2, unackedDelivered: 1 });
    await f.orchestrator.close();
  });

  it('message.receive: answered as its caller leaves, the message is not lost: the next receive gets it again', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const receive = calls(f, { kind: 'agent', id: b.id })<Received>('message.receive', { wait: 600 });
    await settle();
    // The send claims for the waiting receive in its own transaction; the caller leaves before the answer is read.
    await a.call('message.send', { to: { agent: 'b' }, body: 'in flight' });
    receive.leave();
    expect((await receive.call).messages.map((m) => m.body)).toEqual(['in flight']);
    // Nobody acknowledged it: unacknowledged, it comes back (a client that lost the answer still has its old cursor).
    const again = await b.call<Received>('message.receive', {});
    expect(again.messages.map((m) => m.body)).toEqual(['in flight']);
    await f.orchestrator.close();
  });

  it('approval.wait, approval.request and lock.request: end at once, undecided; the item stays pending', async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const asA = calls(f, { kind: 'agent', id: a.id });
    const asking = asA<Waited>('approval.request', { kind: 'escalation', summary: 'stuck', waitMs: 600_000 });
    await settle();
    const held = await b.call<{ id: string }>('lock.acquire', {
      resource: { kind: 'branch', name: 'main' },
    });
    expect(held.id).toBeTruthy();
    const locking = asA<Waited>('lock.request', {
      resource: { kind: 'branch', name: 'main' },
      waitMs: 600_000,
    });
    await settle();
    const { approvals } = await f.human<{ approvals: { id: string }[] }>('approval.list', {
      status: 'pending',
    });
    expect(approvals).toHaveLength(2);
    const waits = approvals.map(({ id }) => asA<Waited>('approval.wait', { id, waitMs: 600_000 }));
    await settle();
    const withWaits = f.clock.pending();
    for (const call of [asking, locking, ...waits]) call.leave();
    for (const call of [asking, locking, ...waits])
      expect(await call.call).toMatchObject({ timedOut: true, approval: { status: 'pending' } });
    // Each wait's timer went with it; the items' own (expiry) and the lock's lease stay.
    expect(f.clock.pending()).toBe(withWaits - 4);
    const after = await f.human<{ approvals: unknown[] }>('approval.list', { status: 'pending' });
    expect(after.approvals).toHaveLength(2);
    await f.orchestrator.close();
  });

  it('pane.waitFor: ends at once, its timer and pane listener removed, its slot free', async () => {
    const f = messagingFixture();
    const watcher = await f.spawn('watcher', { role: 'orchestrator' });
    const worker = await f.spawn('worker');
    const asWatcher = calls(f, { kind: 'agent', id: watcher.id });
    await settle();
    const timers = f.clock.pending();
    const input = { target: worker.id, until: 'pattern', pattern: 'never', timeoutSeconds: 600 };
    const wait = asWatcher<{ completed: boolean }>('pane.waitFor', input);
    await settle();
    expect(f.clock.pending()).toBe(timers + 1);
    wait.leave();
    // Answered without reading the screen (nobody reads it): not a timeout, the caller left.
    expect(await wait.call).toMatchObject({ completed: false, timedOut: false, summary: /caller left/ });
    expect(f.clock.pending()).toBe(timers);
    await f.orchestrator.close();
  });
});
