import { describe, expect, it } from 'vitest';
import { SwitchboardError, type Agent } from '@switchboard/protocol';
import { createMemoryBackend, RoutingBackend, type MemoryBackend } from '../../src/index';
import { setupFleet } from '../fleet/fleet-fixture';

/** The fleet over a routing backend: this machine plus fake remotes (memory backends for TmuxBackend over ssh). */
function fleetWithHosts() {
  const remotes = new Map<string, MemoryBackend>();
  const registered = new Set<string>();
  const backend = createMemoryBackend();
  const terminal = new RoutingBackend({
    local: backend,
    connect: async (host) => {
      if (!registered.has(host)) throw new SwitchboardError('not_found', `No host "${host}"`);
      const remote = createMemoryBackend();
      remotes.set(host, remote);
      return remote;
    },
  });
  const fleet = setupFleet({ backend, terminal });
  const addHost = async (name: string) => {
    await fleet.call('host.add', { name, url: `ssh://me@${name}.example` });
    registered.add(name);
  };
  return { ...fleet, remotes, addHost, terminal };
}

describe('agents on remote hosts', () => {
  it('agent.spawn with a host runs the agent in a pane there; a restart keeps it there', async () => {
    const { call, remotes, addHost, backend } = fleetWithHosts();
    await addHost('box');
    const local = await call<Agent>('agent.spawn', { name: 'here', kind: 'shell' });
    const remote = await call<Agent>('agent.spawn', { name: 'there', kind: 'shell', host: 'box' });
    expect(local.host).toBeUndefined();
    expect(remote.host).toBe('box');
    expect(remote.paneId).toMatch(/^box\//);
    const boxPanes = await remotes.get('box')!.listPanes();
    expect(boxPanes.map((p) => `box/${p.id}`)).toEqual([remote.paneId]);
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([local.paneId]);
    // The agent is identified in its pane there, as locally.
    expect(remotes.get('box')!.inspect(boxPanes[0]!.id).variables['user.switchboardAgent']).toBe(remote.id);

    const restarted = await call<Agent>('agent.restart', { agent: 'there' });
    expect(restarted.host).toBe('box');
    expect(restarted.paneId).toMatch(/^box\//);
  });

  it('refuses a host that is not registered, and host.remove while an agent runs there', async () => {
    const { call, addHost, state } = fleetWithHosts();
    const before = await state();
    await expect(call('agent.spawn', { name: 'x', kind: 'shell', host: 'nowhere' })).rejects.toBeInstanceOf(
      SwitchboardError,
    );
    expect(await state()).toBe(before);
    await addHost('box');
    await call('agent.spawn', { name: 'there', kind: 'shell', host: 'box' });
    await expect(call('host.remove', { name: 'box' })).rejects.toMatchObject({ code: 'conflict' });
    await call('agent.close', { agent: 'there' });
    await call('host.remove', { name: 'box' });
  });

  it('refuses a hostile host name or a remote worktree at the contract, and a host on a one-machine backend', async () => {
    const { call } = setupFleet();
    for (const input of [
      { name: 'x', host: '../etc' },
      { name: 'x', host: '-oProxyCommand=sh' },
      { name: 'x', host: 'box', cwd: '/repo', worktree: { branch: 'b' } },
    ])
      await expect(call('agent.spawn', input)).rejects.toMatchObject({ code: 'invalid_input' });
    // The memory backend alone reaches no host: refused, not silently run here.
    await expect(call('agent.spawn', { name: 'x', kind: 'shell', host: 'box' })).rejects.toThrow(
      /host "box"/,
    );
    expect((await call<{ agents: Agent[] }>('agent.list', {})).agents).toEqual([]);
  });
});
