import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { humanCaller, type EventOf } from '@switchboard/protocol';
import { ScreenSubscriptions } from '../src/index';
import { connect, startTestHost, type Inbox } from './host-fixture';

const hosts: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

type Message = Record<string, unknown>;
const isScreen = (m: Message) => m['type'] === 'event' && (m['event'] as Message)['type'] === 'pane.screen';
const screenOf = (m: Message) =>
  m['event'] as { paneId: string; frame: number; full: boolean; changes: { row: number; text: string }[] };

async function setup() {
  const { host } = await startTestHost();
  hosts.push(host);
  let nextId = 1;
  const open = async () => {
    const { socket, inbox } = await connect(host.port, { token: host.token });
    const ws = socket as WebSocket;
    const box = inbox as Inbox;
    await box.next((m) => m['type'] === 'hello');
    const call = async (name: string, input: unknown) => {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'call', id, name, input }));
      return box.next((m) => m['type'] === 'result' && m['id'] === id);
    };
    return { ws, inbox: box, call };
  };
  return { host, open };
}

describe('pane.mirror over the API WebSocket', () => {
  it("delivers a pane's screen frames only to the connection that mirrors it", async () => {
    const { open } = await setup();
    const a = await open();
    const b = await open();
    const spawned = await a.call('agent.spawn', { name: 'alpha', kind: 'shell' });
    const paneId = (spawned['output'] as { paneId: string }).paneId;
    await a.call('pane.send', { targets: [paneId], text: 'hello', submit: false });

    expect(await a.call('pane.mirror', { target: 'alpha' })).toMatchObject({
      ok: true,
      output: { paneId, viewers: 1 },
    });
    const first = screenOf(await a.inbox.next(isScreen));
    expect(first).toMatchObject({ paneId, frame: 1, full: true });
    expect(first.changes.map((c) => c.text)).toContain('hello');

    await a.call('pane.send', { targets: [paneId], text: ' world', submit: false });
    const second = screenOf(await a.inbox.next((m) => isScreen(m) && screenOf(m).frame === 2));
    expect(second.changes.map((c) => c.text)).toContain('hello world');

    // B sees the facts but no screens; a round trip proves its stream caught up.
    await a.call('team.create', { name: 'web' });
    await b.call('fleet.snapshot', {});
    expect(b.inbox.received.filter(isScreen)).toEqual([]);
    const sequences = b.inbox.received
      .filter((m) => m['type'] === 'event')
      .map((m) => (m['event'] as { sequence: number }).sequence);
    expect(sequences.length).toBeGreaterThan(1);
    // Frames filtered away must leave no hole in B's sequence (its store would re-snapshot on every one).
    expect(sequences).toEqual(sequences.map((_s, i) => sequences[0]! + i));
    a.ws.close();
    b.ws.close();
  });

  it("refuses to undo another connection's subscription", async () => {
    const { open } = await setup();
    const a = await open();
    const b = await open();
    const spawned = await a.call('agent.spawn', { name: 'alpha', kind: 'shell' });
    const paneId = (spawned['output'] as { paneId: string }).paneId;
    await a.call('pane.mirror', { target: paneId });
    expect(await b.call('pane.unmirror', { paneId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await b.call('pane.unmirror', { paneId: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await a.call('pane.unmirror', { paneId })).toMatchObject({
      ok: true,
      output: { paneId, viewers: 0 },
    });
    a.ws.close();
    b.ws.close();
  });

  it('stops the frames on pane.unmirror and gives subscriptions back when a connection closes', async () => {
    const { open, host } = await setup();
    const a = await open();
    const spawned = await a.call('agent.spawn', { name: 'alpha', kind: 'shell' });
    const paneId = (spawned['output'] as { paneId: string }).paneId;
    await a.call('pane.mirror', { target: paneId });
    await a.call('pane.mirror', { target: paneId });
    await a.inbox.next(isScreen);
    await a.call('pane.unmirror', { paneId });
    await a.call('pane.unmirror', { paneId });
    const before = a.inbox.received.filter(isScreen).length;
    // A second viewer is the marker: the frame that reaches B showing "unseen" was offered to A too, and
    // A's round trip after it proves A's stream has caught up past that frame.
    const b = await open();
    await b.call('pane.mirror', { target: paneId });
    await host.backend.sendText(paneId, 'unseen');
    await b.inbox.next((m) => isScreen(m) && screenOf(m).changes.some((c) => c.text.includes('unseen')));
    await a.call('fleet.snapshot', {});
    expect(a.inbox.received.filter(isScreen)).toHaveLength(before);
    await b.call('pane.unmirror', { paneId });

    await a.call('pane.mirror', { target: paneId });
    const closed = new Promise((r) => a.ws.once('close', r));
    a.ws.close();
    await closed;
    const c = await open();
    // Had A's subscription leaked on close, C would be the second viewer.
    await expect
      .poll(async () => ((await c.call('pane.mirror', { target: paneId }))['output'] as Message)['viewers'], {
        timeout: 2_000,
      })
      .toBe(1);
    c.ws.close();
  });
});

describe("ScreenSubscriptions (one connection's bookkeeping)", () => {
  /** An Api whose pane.mirror answers when the test says so; records every call. */
  function slowApi() {
    const calls: [string, unknown][] = [];
    let answer: (() => void) | undefined;
    return {
      calls,
      answer: () => answer?.(),
      invoke: (_caller: unknown, name: string, input: unknown) => {
        calls.push([name, input]);
        if (name !== 'pane.mirror') return Promise.resolve({ paneId: 'p1', viewers: 0 });
        return new Promise(
          (resolve) => (answer = () => resolve({ paneId: 'p1', agentId: null, viewers: 1 })),
        );
      },
    };
  }
  let frameNumber = 0;
  const frame = (full: boolean, paneId = 'p1'): EventOf<'pane.screen'> => ({
    type: 'pane.screen',
    paneId,
    agentId: null,
    frame: ++frameNumber,
    full,
    rows: 1,
    changes: [],
    cursor: null,
    sequence: 0,
    at: '',
  });
  function subscriptions(api: ReturnType<typeof slowApi>) {
    const delivered: EventOf<'pane.screen'>[] = [];
    const screens = new ScreenSubscriptions(
      api,
      humanCaller,
      (event) => void delivered.push(event as EventOf<'pane.screen'>),
    );
    return { screens, delivered };
  }

  it("holds frames while a pane.mirror is in flight and delivers only the answered pane's, in order", async () => {
    const api = slowApi();
    const { screens, delivered } = subscriptions(api);
    screens.offer(frame(true));
    expect(delivered).toEqual([]);
    const pending = screens.invoke('pane.mirror', { target: 'agent-one' });
    const otherFull = frame(true, 'p2');
    const ownFull = frame(true);
    const ownNext = frame(false);
    for (const f of [frame(false, 'p3'), otherFull, ownFull, frame(false, 'p2'), ownNext]) screens.offer(f);
    // Nothing goes out before the answer says which pane the call mirrors.
    expect(delivered).toEqual([]);
    api.answer();
    await pending;
    expect(delivered).toEqual([ownFull, ownNext]);
    const after = frame(false);
    screens.offer(frame(true, 'p2'));
    screens.offer(after);
    expect(delivered).toEqual([ownFull, ownNext, after]);
    expect(screens.mirrored()).toEqual(['p1']);
  });

  it('bounds what it holds: a pane whose held frames overflow starts again at its next full frame', async () => {
    const api = slowApi();
    const { screens, delivered } = subscriptions(api);
    const pending = screens.invoke('pane.mirror', { target: 'p1' });
    screens.offer(frame(true));
    for (let i = 0; i < 100; i++) screens.offer(frame(false));
    const restart = frame(true);
    const next = frame(false);
    screens.offer(restart);
    screens.offer(next);
    // Frames of many other panes are held up to a fixed number of panes, then dropped.
    for (let pane = 0; pane < 1_000; pane++) screens.offer(frame(true, `other-${pane}`));
    api.answer();
    await pending;
    expect(delivered).toEqual([restart, next]);
  });

  it('gives back a subscription whose answer arrives after the connection closed', async () => {
    const api = slowApi();
    const { screens, delivered } = subscriptions(api);
    const pending = screens.invoke('pane.mirror', { target: 'p1' });
    screens.offer(frame(true));
    await screens.close();
    api.answer();
    await pending;
    expect(delivered).toEqual([]);
    expect(api.calls.map(([name]) => name)).toEqual(['pane.mirror', 'pane.unmirror']);
    expect(screens.mirrored()).toEqual([]);
  });
});
