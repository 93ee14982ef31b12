// Issue 6, "restart-safe", end to end: a standalone embedded iTerm2-API server (`npm run sim`), a real
// `switchboard start` attached to it by socket, a fleet of 3 teams × 2 agents with one dragged across
// teams, then the host is SIGKILLed (no shutdown code runs) and started again on the same data folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './host-fixture';
import { panesOf } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import type { Agent } from '@switchboard/protocol';
import { HostApi } from './host-api';
import { startSim } from './sim-process';
import { startHostProcess, type HostProcess } from './host-process';

const QUIET_BASH = '/bin/bash --norc --noprofile';

test('a SIGKILLed host, started again, re-binds the fleet on the same iTerm2 server and loses nothing', async () => {
  test.setTimeout(240_000);
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-crash-sock-')), 'iterm2.sock');
  const sim = await startSim(socketPath);
  const hosts: HostProcess[] = [];
  let observer: ITerm2Backend | undefined;
  try {
    const args = ['--backend', 'iterm2', '--iterm2-socket', socketPath];
    const first = await startHostProcess(args);
    hosts.push(first);
    const api = await HostApi.connect(first);
    for (let t = 0; t < 3; t++) await api.call('team.create', { name: `t${t}` });
    const agents: Agent[] = [];
    for (let t = 0; t < 3; t++) {
      for (let a = 0; a < 2; a++)
        agents.push(
          await api.call('agent.spawn', {
            name: `t${t}-a${a}`,
            kind: 'custom',
            command: QUIET_BASH,
            team: `t${t}`,
          }),
        );
    }

    // A second client of the same server sees what iTerm2 would show, independent of the host.
    observer = await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
    const mover = agents[3]!;
    await observer.sendText(mover.paneId!, 'echo CRASH-$((6*7))\r');
    const marker = (lines: string[]) => lines.some((l) => l.includes('CRASH-42'));
    await eventually(
      async () => marker((await observer!.readScreen(mover.paneId!)).lines),
      20_000,
      'the marker on screen',
    );
    const pidOf = async (paneId: string) =>
      (await observer!.listPanes()).find((p) => p.id === paneId)?.pid ?? undefined;
    const pidBefore = await eventually(() => pidOf(mover.paneId!), 20_000, 'the pid');

    const moved = await api.call('agent.move', { agent: mover.name, team: 't2', position: 0 });
    const tabsAfterMove = (await observer.getLayout()).windows.map((w) => w.tabs.map((t) => panesOf(t.root)));
    expect(tabsAfterMove).toEqual([
      [agents.slice(0, 2).map((a) => a.paneId)],
      [[agents[2]!.paneId]],
      [[mover, ...agents.slice(4, 6)].map((a) => a!.paneId)],
    ]);
    expect(await pidOf(mover.paneId!)).toBe(pidBefore);

    // An acknowledged message the recipient has not acked yet must survive the crash.
    const sent = await api.call('message.send', {
      to: { agent: 't0-a1' },
      body: 'survive the crash',
      kind: 'instruction',
      typeIntoPane: 'never',
    });
    api.close();

    await first.crash();
    expect(first.child.signalCode).toBe('SIGKILL');
    // While the host is down, someone closes one pane in iTerm2.
    const vanished = agents[0]!;
    await observer.closePane(vanished.paneId!);

    const second = await startHostProcess(args, first.dataDir);
    hosts.push(second);
    const again = await HostApi.connect(second);
    const snapshot = await eventually(
      async () => {
        const s = await again.call('fleet.snapshot', {});
        return s.agents.find((a) => a.id === vanished.id)?.state === 'lost' ? s : undefined;
      },
      20_000,
      'the fleet re-bound',
    );
    expect(snapshot.agents).toHaveLength(6);
    for (const agent of agents.filter((a) => a !== vanished))
      expect(snapshot.agents.find((a) => a.id === agent.id)?.paneId).toBe(agent.paneId);
    expect(snapshot.agents.find((a) => a.id === vanished.id)).toMatchObject({ state: 'lost', paneId: null });
    expect(snapshot.agents.find((a) => a.id === mover.id)?.teamId).toBe(moved.teamId);
    expect(snapshot.teams.map((t) => t.name).sort()).toEqual(['t0', 't1', 't2']);
    // The shell the host never owned kept its process and its output through the crash.
    expect(await pidOf(mover.paneId!)).toBe(pidBefore);
    const read = await again.call('pane.read', { targets: [mover.name], lines: 200, scrollback: true });
    expect(marker(read.screens[0]!.lines)).toBe(true);
    const history = await again.call('message.history', { agent: 't0-a1' });
    expect(history.messages.map((m) => m.id)).toContain(sent.messageIds[0]);

    const respawned = await again.call('agent.restart', { agent: vanished.name });
    expect(respawned.paneId).not.toBeNull();
    expect((await observer.listPanes()).some((p) => p.id === respawned.paneId)).toBe(true);
    again.close();
  } finally {
    await observer?.close();
    for (const host of hosts) await host.stop();
    sim.kill('SIGTERM');
  }
});
