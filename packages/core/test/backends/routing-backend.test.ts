import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '@switchboard/protocol';
import {
  createMemoryBackend,
  RoutingBackend,
  type MemoryBackend,
  type TerminalBackend,
} from '../../src/index';
import { describeTerminalBackend, eventually } from '../../src/testing/index';
import type { BackendEvent } from '../../src/index';
import { linkTo } from './remote-link';

/** A routing backend over a memory "local" and memory "remotes" (the fakes stand for TmuxBackend over ssh). */
function routed(defaultHost?: string) {
  const local = createMemoryBackend();
  const remotes = new Map<string, MemoryBackend>();
  const connects: string[] = [];
  const backend = new RoutingBackend({
    local,
    ...(defaultHost ? { defaultHost } : {}),
    connect: async (host) => {
      connects.push(host);
      if (host === 'down') throw new SwitchboardError('unavailable', 'ssh: connect to host down: refused');
      if (!['box', 'gpu'].includes(host)) throw new SwitchboardError('not_found', `No host "${host}"`);
      const remote = createMemoryBackend();
      remotes.set(host, remote);
      return remote;
    },
  });
  return { backend, local, remotes, connects };
}

describeTerminalBackend('routing (local)', async () => ({ backend: routed().backend }), {
  patienceMs: 1_000,
});
describeTerminalBackend(
  'routing (every pane on remote "box")',
  async () => ({ backend: routed('box').backend }),
  {
    patienceMs: 1_000,
  },
);

const ids = async (backend: TerminalBackend) => (await backend.listPanes()).map((p) => p.id);

describe('RoutingBackend', () => {
  it('connects a host lazily, once, and names its panes HOST/<id>', async () => {
    const { backend, remotes, connects } = routed();
    const here = await backend.createPane({});
    expect(connects).toEqual([]);
    const a = await backend.createPane({ host: 'box' });
    const b = await backend.createPane({
      host: 'box',
      placement: { kind: 'split', paneId: a.id, vertical: true },
    });
    expect(connects).toEqual(['box']);
    expect(a.id).toMatch(/^box\//);
    expect(a.tabId).toBe(b.tabId);
    const remotePanes = await remotes.get('box')!.listPanes();
    expect(remotePanes.map((p) => `box/${p.id}`)).toEqual([a.id, b.id]);
    expect(await ids(backend)).toEqual([here.id, a.id, b.id]);

    await backend.sendText(a.id, 'echo hi\r');
    expect(remotes.get('box')!.inspect(remotePanes[0]!.id).lines.join('\n')).toContain('echo hi');
    await backend.setVariable(b.id, 'user.switchboardAgent', 'w1');
    expect(await backend.getVariable(b.id, 'user.switchboardAgent')).toBe('w1');
    expect(await backend.getVariable(here.id, 'user.switchboardAgent')).toBeUndefined();
    await backend.close();
  });

  it("answers the keyboard focus and broadcast domains from this machine's terminal", async () => {
    const { backend, local } = routed();
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    await local.focus(b.id);
    expect(await backend.focusedPane!()).toBe(b.id);
    await backend.setBroadcastDomains!([[a.id, b.id]]);
    expect(await local.getBroadcastDomains!()).toEqual([[a.id, b.id]]);
    expect(await backend.getBroadcastDomains!()).toEqual([[a.id, b.id]]);
    await backend.close();
  });

  it('refuses an unknown host and retries a host that was down, without remembering the failure', async () => {
    const { backend, connects } = routed();
    await expect(backend.createPane({ host: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(backend.createPane({ host: 'down' })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(backend.createPane({ host: 'down' })).rejects.toMatchObject({ code: 'unavailable' });
    expect(connects).toEqual(['nope', 'down', 'down']);
    expect(await ids(backend)).toEqual([]);
    await backend.close();
  });

  it('a placement beside a pane of another machine becomes a new window on the target host', async () => {
    const { backend } = routed();
    const here = await backend.createPane({});
    const there = await backend.createPane({
      host: 'gpu',
      placement: { kind: 'split', paneId: here.id, vertical: true },
    });
    expect(there.windowId).toMatch(/^gpu\//);
    expect((await backend.getLayout()).windows).toHaveLength(2);
    await backend.close();
  });

  it('splits a layout by host: a tab spanning machines becomes one tab on each, panes kept', async () => {
    const { backend, remotes } = routed();
    const l1 = await backend.createPane({});
    const l2 = await backend.createPane({});
    const r1 = await backend.createPane({ host: 'box' });
    const r2 = await backend.createPane({ host: 'box' });
    const leaf = (paneId: string) => ({ kind: 'pane' as const, paneId });
    await backend.applyLayout({
      windows: [
        {
          tabs: [
            {
              root: {
                kind: 'split',
                vertical: true,
                children: [leaf(l1.id), leaf(r1.id), leaf(l2.id), leaf(r2.id)],
              },
            },
          ],
        },
      ],
    });
    const layout = await backend.getLayout();
    expect(layout.windows.map((w) => w.tabs.map((t) => t.root))).toEqual([
      [{ kind: 'split', vertical: true, children: [leaf(l1.id), leaf(l2.id)] }],
      [{ kind: 'split', vertical: true, children: [leaf(r1.id), leaf(r2.id)] }],
    ]);
    expect((await remotes.get('box')!.listPanes()).length).toBe(2);
    await backend.close();
  });

  it("reports a remote's events in qualified ids, and no disconnection while it is connected", async () => {
    const { backend, remotes } = routed();
    const events: unknown[] = [];
    backend.onEvent((event) => events.push(event));
    const pane = await backend.createPane({ host: 'box' });
    const remote = remotes.get('box')!;
    await remote.closePane(pane.id.slice('box/'.length));
    expect(events).toContainEqual({ type: 'pane.closed', paneId: pane.id });
    expect(events.some((e) => (e as { type: string }).type === 'backend.disconnected')).toBe(false);
    await backend.close();
  });

  it('forgets a removed host: its connection closed, its events stopped, its next use connects afresh', async () => {
    const { backend, remotes, connects } = routed();
    const events: BackendEvent[] = [];
    backend.onEvent((event) => events.push(event));
    const old = await backend.createPane({ host: 'box' });
    const oldRemote = remotes.get('box')!;
    await backend.forget('BOX');
    await oldRemote.closePane(old.id.slice('box/'.length));
    expect(events).not.toContainEqual({ type: 'pane.closed', paneId: old.id });
    const pane = await backend.createPane({ host: 'box' });
    expect(connects).toEqual(['box', 'box']);
    expect(remotes.get('box')).not.toBe(oldRemote);
    expect((await remotes.get('box')!.listPanes()).map((p) => `box/${p.id}`)).toEqual([pane.id]);
    await backend.close();
  });

  it("names a remote host's lost connection; only its panes drop out, and it is re-bound when back", async () => {
    const local = createMemoryBackend();
    const box = linkTo(createMemoryBackend());
    const backend = new RoutingBackend({
      local,
      connect: async (host) => {
        if (host !== 'box') throw new SwitchboardError('not_found', `No host "${host}"`);
        return box.backend;
      },
    });
    const events: BackendEvent[] = [];
    backend.onEvent((event) => events.push(event));
    const here = await backend.createPane({});
    const there = await backend.createPane({ host: 'box' });
    expect(await backend.unreachableHosts(['box'])).toEqual([]);

    box.cut();
    expect(events).toContainEqual({ type: 'backend.disconnected', host: 'box' });
    // This machine still answers: the away host's panes are just not known now.
    expect(await ids(backend)).toEqual([here.id]);
    expect((await backend.getLayout()).windows).toHaveLength(1);
    expect(await backend.unreachableHosts(['box'])).toEqual(['box']);
    await expect(backend.readScreen(there.id)).rejects.toMatchObject({ code: 'unavailable' });

    box.restore(1234);
    expect(events).toContainEqual({ type: 'backend.reconnected', gapMs: 1234, host: 'box' });
    expect(await ids(backend)).toEqual([here.id, there.id]);
    expect(await backend.unreachableHosts(['box'])).toEqual([]);
    await backend.close();
  });

  it('connects hosts asked about in the background, retrying one that does not answer until it does', async () => {
    let refusing = true;
    const attempts: string[] = [];
    const backend = new RoutingBackend({
      local: createMemoryBackend(),
      connect: async (host) => {
        attempts.push(host);
        if (refusing) throw new SwitchboardError('unavailable', 'ssh: connection refused');
        return createMemoryBackend();
      },
    });
    const events: BackendEvent[] = [];
    backend.onEvent((event) => events.push(event));
    // Answered at once (never waiting for ssh): both away until connected.
    expect(await backend.unreachableHosts(['box', 'box'])).toEqual(['box']);
    await eventually(() => attempts.length >= 2, 5_000, 'a second attempt');
    expect(events.some((e) => e.type === 'backend.reconnected')).toBe(false);
    refusing = false;
    await eventually(
      () => events.some((e) => e.type === 'backend.reconnected' && e.host === 'box'),
      10_000,
      'box reported back',
    );
    expect(await backend.unreachableHosts(['box'])).toEqual([]);
    const after = attempts.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(attempts.length).toBe(after);
    await backend.close();
  }, 20_000);

  it('a host the background retry waits for, connected first by a spawn there, is reported back at once, and once', async () => {
    let refusing = true;
    const backend = new RoutingBackend({
      local: createMemoryBackend(),
      connect: async () => {
        if (refusing) throw new SwitchboardError('unavailable', 'ssh: connection refused');
        return createMemoryBackend();
      },
    });
    const events: BackendEvent[] = [];
    backend.onEvent((event) => events.push(event));
    expect(await backend.unreachableHosts(['box'])).toEqual(['box']);
    // Its first background attempt failed; the next waits a second.
    await new Promise((resolve) => setTimeout(resolve, 100));
    refusing = false;
    await backend.createPane({ host: 'box' });
    const back = () => events.filter((e) => e.type === 'backend.reconnected' && e.host === 'box');
    expect(back()).toHaveLength(1);
    expect(await backend.unreachableHosts(['box'])).toEqual([]);
    // The retry's own turn passes without a second report.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(back()).toHaveLength(1);
    await backend.close();
  }, 10_000);
});
