import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardError, type Agent } from '@switchboard/protocol';
import { createMemoryBackend, RoutingBackend } from '../../src/index';
import { eventually } from '../../src/testing/index';
import { fakeMachine, linkTo } from '../backends/remote-link';
import { setupFleet } from './fleet-fixture';

describe('agents on a remote host (core, over a fake remote machine)', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function fleetWithBox(databasePath = ':memory:', reachable = true) {
    const machine = fakeMachine(4567);
    cleanup.push(() => machine.dispose());
    const box = linkTo(createMemoryBackend(), machine);
    const terminal = new RoutingBackend({
      local: createMemoryBackend(),
      connect: async (host) => {
        if (host !== 'box' || !reachable) throw new SwitchboardError('unavailable', `ssh: ${host} refused`);
        return box.backend;
      },
    });
    const fleet = setupFleet({ terminal, databasePath });
    cleanup.push(() => fleet.orchestrator.close());
    return { ...fleet, machine, box, terminal };
  }

  it('writes the launch on that machine (its tunnel as SWITCHBOARD_URL, a token of its own) and stores the host as registered', async () => {
    const { call, machine, box, dataDir, orchestrator } = fleetWithBox();
    await call('host.add', { name: 'box', url: 'ssh://me@build-box' });
    const agent = await call<Agent>('agent.spawn', { name: 'far', kind: 'claude', host: 'BOX' });
    expect(agent.host).toBe('box');
    const launchFile = join(machine.dataDir, 'agents', `${agent.id}.launch`);
    const launch = machine.read(launchFile);
    expect(launch).toContain('export SWITCHBOARD_URL=http://127.0.0.1:4567\n');
    const token = /SWITCHBOARD_TOKEN=(\S+)/.exec(launch)![1]!.replaceAll("'", '');
    expect(orchestrator.authenticateAgent(token)).toMatchObject({ kind: 'agent', id: agent.id });
    // The pane runs the launcher there, on that launch file; nothing of it is on this machine.
    const pane = box.backend.inspect(agent.paneId!.slice('box/'.length));
    expect(pane.command).toBe(`/bin/sh ${join(machine.dataDir, 'launch-agent.sh')} ${launchFile}`);
    expect(machine.read(join(machine.dataDir, 'launch-agent.sh'))).toMatch(/^#!\/bin\/sh/);
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.launch`))).toBe(false);
    // Claude Code's MCP config travels too (no hooks there: they run this machine's CLI).
    expect(launch).toContain(join(machine.dataDir, 'agents', agent.id, 'claude-mcp.json'));
    expect(launch).not.toContain('--settings');
    expect(machine.read(join(machine.dataDir, 'agents', agent.id, 'claude-mcp.json'))).toContain(
      '${SWITCHBOARD_URL}/mcp',
    );

    await call('agent.close', { agent: 'far' });
    await eventually(
      () => !existsSync(join(machine.dataDir, 'agents', agent.id)),
      5_000,
      'its files removed there',
    );
  });

  it('an unregistered host is refused before anything is made', async () => {
    const { call } = fleetWithBox();
    await expect(call('agent.spawn', { name: 'x', kind: 'shell', host: 'nowhere' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await call<{ agents: Agent[] }>('agent.list', {})).agents).toEqual([]);
  });

  it("a dropped connection makes only that host's agents unreachable; back, they keep their panes", async () => {
    const { call, box, agent } = fleetWithBox();
    await call('host.add', { name: 'box', url: 'ssh://me@build-box' });
    await call('agent.spawn', { name: 'here', kind: 'shell' });
    const far = await call<Agent>('agent.spawn', { name: 'far', kind: 'shell', host: 'box' });
    box.cut();
    await eventually(() => agent('far').state === 'unreachable', 5_000, 'far unreachable');
    expect(agent('here').state).not.toBe('unreachable');
    box.restore(50);
    await eventually(() => agent('far').state !== 'unreachable', 5_000, 'far back');
    expect(agent('far').paneId).toBe(far.paneId);
  });
});
