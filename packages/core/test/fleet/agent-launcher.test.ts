import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { AgentSecretsFiles } from '../../src/fleet/agent-secrets';
import { AGENT_VARIABLE, launcherPath } from '../../src/index';

const LAUNCHER_PATH = launcherPath();
import { HOST_URL, setupFleet } from './fleet-fixture';

const runInPane = (commandLine: string) => spawnSync('/bin/sh', ['-c', commandLine], { encoding: 'utf8', timeout: 20_000 });

describe('the agent launcher', () => {
  it('reads the 0600 secrets file, deletes it, and runs the CLI with the three variables', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-launch-'));
    const files = new AgentSecretsFiles(dataDir);
    const commandLine = files.write({
      agentId: 'agent-1', url: HOST_URL, token: 'secret-token-123', cwd: dataDir,
      command: 'printf "%s|%s|%s|%s" "$SWITCHBOARD_URL" "$SWITCHBOARD_AGENT" "$SWITCHBOARD_TOKEN" "$(pwd)"',
    });
    const path = files.pathFor('agent-1');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'agents')).mode & 0o777).toBe(0o700);
    expect(commandLine).not.toContain('secret-token-123');
    expect(commandLine).toContain(LAUNCHER_PATH);
    const run = runInPane(commandLine);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${HOST_URL}|agent-1|secret-token-123|${dataDir}`);
    expect(existsSync(path)).toBe(false);
  });

  it('passes the CLI\'s exit code through', () => {
    const files = new AgentSecretsFiles(mkdtempSync(join(tmpdir(), 'sb-launch-')));
    expect(runInPane(files.write({ agentId: 'a', url: '', token: 't', cwd: null, command: 'exit 7' })).status).toBe(7);
  });

  it('refuses a secrets file other users can read, without printing its content', () => {
    const files = new AgentSecretsFiles(mkdtempSync(join(tmpdir(), 'sb-launch-')));
    const commandLine = files.write({ agentId: 'a', url: '', token: 'leaky-token', cwd: null, command: 'echo ran' });
    chmodSync(files.pathFor('a'), 0o644);
    const run = runInPane(commandLine);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('readable by other users');
    expect(run.stdout + run.stderr).not.toContain('leaky-token');
    expect(run.stdout).not.toContain('ran');
  });

  it('says what to do when the file is gone, and refuses a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-launch-'));
    const files = new AgentSecretsFiles(dir);
    const commandLine = files.write({ agentId: 'a', url: '', token: 't', cwd: null, command: 'true' });
    expect(runInPane(commandLine).status).toBe(0);
    const again = runInPane(commandLine);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('restart the agent');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"agentId": 1}', { mode: 0o600 });
    expect(runInPane(`node ${LAUNCHER_PATH} ${bad}`).stderr).toContain('malformed');
  });
});

describe('tokens stay secret', () => {
  it('never appear in a pane\'s command, title, badge, user variables or screen, nor in events or snapshots', async () => {
    const { orchestrator, backend, events, call, dataDir } = setupFleet();
    await call('team.create', { name: 'web' });
    const tokens: string[] = [];
    for (const kind of ['shell', 'claude', 'codex'] as const) {
      tokens.push((await orchestrator.fleet.spawn({ name: `${kind}-1`, kind, role: 'builder', team: 'web' })).token);
    }
    const restarted = await call<Agent>('agent.restart', { agent: 'claude-1' });
    const secretsFile = join(dataDir, 'agents', `${restarted.id}.json`);
    const fresh = JSON.parse(readFileSync(secretsFile, 'utf8')) as { token: string; url: string; agentId: string };
    expect(fresh).toMatchObject({ url: HOST_URL, agentId: restarted.id });
    tokens.push(fresh.token);
    expect(orchestrator.authenticateAgent(fresh.token)).toEqual({ kind: 'agent', id: restarted.id });
    const seen = JSON.stringify({
      panes: await Promise.all((await backend.listPanes()).map((p) => backend.inspect(p.id))),
      events,
      snapshot: await call('fleet.snapshot', {}),
      layout: await backend.getLayout(),
    });
    for (const token of tokens) expect(seen).not.toContain(token);
    const pane = backend.inspect(restarted.paneId!);
    expect(pane.command).toContain(LAUNCHER_PATH);
    expect(pane.variables).toEqual({ [AGENT_VARIABLE]: restarted.id });
  });

  it('removes a closed agent\'s secrets file', async () => {
    const { call, dataDir } = setupFleet();
    const agent = await call<Agent>('agent.spawn', { name: 'a' });
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.json`))).toBe(true);
    await call('agent.close', { agent: 'a' });
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.json`))).toBe(false);
  });
});
