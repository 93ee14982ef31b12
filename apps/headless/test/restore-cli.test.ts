import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { cliEntry } from '../src/index';

const run = promisify(execFile);
let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-restore-cli-'));
  host = await startHost({ dataDir, backend: 'memory' });
});
afterAll(async () => host?.close());

const restore = (args: string[] = []) =>
  run(process.execPath, [cliEntry, 'restore', ...args], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    timeout: 60_000,
  });
const agents = async () =>
  ((await host.orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] }).agents;

describe('switchboard restore', { timeout: 120_000 }, () => {
  it('says when nothing is lost; restores the agents whose panes vanished, each in a new pane', async () => {
    expect((await restore()).stdout).toBe('No lost agents: nothing to restore.\n');
    for (const name of ['alpha', 'beta'])
      await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name, kind: 'shell' });
    const before = await agents();
    // The terminal lost the panes (as when iTerm2 quits); the host's reconcile marks the agents lost.
    for (const agent of before) await host.backend.closePane(agent.paneId!);
    await host.orchestrator.fleet.reconcile();
    expect((await agents()).map((a) => a.state)).toEqual(['lost', 'lost']);

    const { stdout } = await restore(['--fresh']);
    expect(stdout).toBe('restored: alpha, beta\n');
    const after = await agents();
    expect(after.map((a) => a.state)).not.toContain('lost');
    for (const agent of after) expect(before.map((a) => a.paneId)).not.toContain(agent.paneId);
  });

  it('leaves an agent whose program ended; --include-exited starts it again', async () => {
    const gamma = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'gamma',
      kind: 'shell',
    })) as Agent;
    // Its program ended and the terminal closed its pane (as the fleet records it: exited, no pane).
    await host.backend.closePane(gamma.paneId!);
    await host.orchestrator.fleet.idle();
    const ended = {
      ...host.orchestrator.fleet.requireAgent(gamma.id),
      paneId: null,
      state: 'exited' as const,
    };
    host.orchestrator.fleet.repository.updateAgentState(ended);
    expect((await restore()).stdout).toBe('No lost agents: nothing to restore.\n');
    expect(host.orchestrator.fleet.requireAgent(gamma.id).state).toBe('exited');
    expect((await restore(['--include-exited'])).stdout).toBe('restored: gamma\n');
    expect(host.orchestrator.fleet.requireAgent(gamma.id)).toMatchObject({ paneId: expect.any(String) });
  });
});
