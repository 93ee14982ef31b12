import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '@switchboard/protocol';
import type { Client, ConnectionStatus, SwitchboardEvent } from '@switchboard/protocol';
import { MirrorSession, type MirrorStatus } from '../../src/mirror/mirror-session';

/** A client whose host is this test: records calls, answers them, and lets the test push events and status. */
function fakeClient() {
  const calls: [string, unknown][] = [];
  const eventListeners = new Set<(e: SwitchboardEvent) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'open';
  const client: Client = {
    call: (async (name: string, input: unknown) => {
      calls.push([name, input]);
      if (status !== 'open') throw new SwitchboardError('unavailable', 'Not connected');
      if (name === 'pane.mirror') return { paneId: 'p1', agentId: null, viewers: 1 };
      if (name === 'pane.unmirror') return { paneId: 'p1', viewers: 0 };
      return { results: [] };
    }) as Client['call'],
    onEvent: (listener) => (eventListeners.add(listener), () => eventListeners.delete(listener)),
    onStatus: (listener) => {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    close: () => undefined,
  };
  return {
    client,
    calls,
    names: () => calls.map(([name]) => name),
    frame: (frame: number, full: boolean, changes: [number, string][], paneId = 'p1') =>
      eventListeners.forEach((l) =>
        l({
          type: 'pane.screen',
          sequence: 1,
          at: '2026-01-01T00:00:00.000Z',
          paneId,
          agentId: null,
          frame,
          full,
          rows: 2,
          changes: changes.map(([row, text]) => ({ row, text })),
          cursor: { x: 0, y: 0 },
        }),
      ),
    status: (next: ConnectionStatus) => {
      status = next;
      statusListeners.forEach((l) => l(next));
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function session(fake: ReturnType<typeof fakeClient>) {
  const writes: string[] = [];
  const statuses: MirrorStatus[] = [];
  const keyErrors: string[] = [];
  const mirror = new MirrorSession({
    client: fake.client,
    paneId: 'p1',
    sink: { write: (d) => writes.push(d), resize: () => undefined },
    onStatus: (s) => statuses.push(s),
    onKeyError: (r) => keyErrors.push(r),
  });
  mirror.start();
  return { mirror, writes, statuses, keyErrors };
}

describe('MirrorSession', () => {
  it("mirrors the pane, draws its frames (not other panes'), types with pane.send and unmirrors on close", async () => {
    const fake = fakeClient();
    const { mirror, writes, statuses } = session(fake);
    await settle();
    expect(fake.calls[0]).toEqual(['pane.mirror', { target: 'p1' }]);
    fake.frame(1, true, [
      [0, 'hello'],
      [1, ''],
    ]);
    fake.frame(1, true, [[0, 'other pane']], 'p2');
    expect(mirror.current.lines).toEqual(['hello', '']);
    expect(writes).toHaveLength(1);
    expect(statuses.at(-1)).toEqual({ kind: 'live', frame: 1 });
    mirror.type('ls\r');
    await settle();
    expect(fake.calls.at(-1)).toEqual(['pane.send', { targets: ['p1'], text: 'ls\r', submit: false }]);
    mirror.close();
    await settle();
    expect(fake.names().at(-1)).toBe('pane.unmirror');
  });

  it('asks for a full frame when one was missed', async () => {
    const fake = fakeClient();
    const { mirror } = session(fake);
    await settle();
    fake.frame(1, true, [
      [0, 'a'],
      [1, 'b'],
    ]);
    fake.frame(3, false, [[0, 'lost the one before']]);
    await settle();
    expect(fake.names()).toEqual(['pane.mirror', 'pane.mirror', 'pane.unmirror']);
    fake.frame(4, true, [
      [0, 'fresh'],
      [1, 'b'],
    ]);
    expect(mirror.current.lines).toEqual(['fresh', 'b']);
  });

  it('subscribes again after the link comes back (the host released it), and not before', async () => {
    const fake = fakeClient();
    const { mirror, statuses } = session(fake);
    await settle();
    fake.frame(1, true, [
      [0, 'a'],
      [1, ''],
    ]);
    fake.status('closed');
    expect(statuses.at(-1)).toEqual({ kind: 'offline' });
    expect(mirror.current.frame).toBe(0);
    fake.status('connecting');
    fake.status('open');
    await settle();
    expect(fake.names()).toEqual(['pane.mirror', 'pane.mirror']);
    mirror.close();
  });

  it('reports keys the host refused', async () => {
    const fake = fakeClient();
    const { mirror, keyErrors } = session(fake);
    await settle();
    fake.status('closed');
    mirror.type('x');
    await settle();
    expect(keyErrors).toEqual(['Not connected']);
  });
});
