import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { startHost, type Host } from '../../src/index';
import { until } from '../health/support/embedded-stack';

// Found by use (session 25): `npm start` on Linux runs the embedded iTerm2-API server inside the host, so every
// agent's pane ends with the host; started again, the whole fleet stood `lost` until the person found Manage →
// "Restore all lost". Now the agents whose panes went with the last run come back by themselves.
let hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts) await host.close();
  hosts = [];
});

const start = async (dataDir: string) => {
  const host = await startHost({ dataDir, backend: 'sim', writeHostFile: false });
  hosts.push(host);
  return host;
};
const agentsOf = async (host: Host) =>
  ((await host.orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as { agents: Agent[] }).agents;
const stateOf = async (host: Host, name: string) => (await agentsOf(host)).find((a) => a.name === name)!;
const describeFleet = (host: Host) => async () =>
  JSON.stringify((await agentsOf(host)).map((a) => [a.name, a.state, a.paneId]));

describe('the embedded backend: agents whose panes ended with the host are started again at the next start', () => {
  it('restores the agents that were running, leaves the one lost before and the one whose program ended', async () => {
    const dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-restore-at-start-')));
    const first = await start(dataDir);
    const spawn = (name: string, command: string) =>
      first.orchestrator.invoke(humanCaller, 'agent.spawn', {
        name,
        kind: 'custom',
        command,
      }) as Promise<Agent>;
    await spawn('worker', `/bin/sh -c 'echo RUNNING-$((6*7)); exec sleep 600'`);
    const gone = await spawn('gone', 'sleep 600');
    await spawn('finished', 'sleep 1');
    await first.backend.closePane(gone.paneId!);
    await until(
      async () =>
        (await stateOf(first, 'gone')).state === 'lost' &&
        (await stateOf(first, 'finished')).state === 'exited',
      30_000,
      describeFleet(first),
    );
    await first.close();
    hosts = [];

    const second = await start(dataDir);
    const worker = await until(
      async () => {
        const agent = await stateOf(second, 'worker');
        return agent.paneId !== null && agent.state !== 'lost' ? agent : undefined;
      },
      30_000,
      describeFleet(second),
    );
    // Its command runs again, in a live pane of the new embedded server.
    await until(
      async () =>
        (await second.backend.readScreen(worker.paneId!)).lines.some((l) => l.includes('RUNNING-42')),
      30_000,
      async () => (await second.backend.readScreen(worker.paneId!)).lines.join('\n'),
    );
    expect(await stateOf(second, 'gone')).toMatchObject({ state: 'lost', paneId: null });
    expect(await stateOf(second, 'finished')).toMatchObject({ state: 'exited', paneId: null });
    expect((await second.backend.listPanes()).filter((p) => p.alive)).toHaveLength(1);
  }, 120_000);
});
