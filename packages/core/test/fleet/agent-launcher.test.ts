import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { AgentSecretsFiles } from '../../src/fleet/agent-secrets';
import { AGENT_VARIABLE, launcherPath } from '../../src/index';
import { eventually } from '../../src/testing/index';
import { HOST_URL, setupFleet } from './fleet-fixture';
import { readLaunchFile } from './launch-file';

const LAUNCHER_PATH = launcherPath();

const runInPane = (commandLine: string) =>
  spawnSync('/bin/sh', ['-c', commandLine], { encoding: 'utf8', timeout: 20_000 });

describe('the agent launcher (POSIX sh)', () => {
  it('reads the 0600 launch file, deletes it, and runs the CLI with the three variables, in its folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-launch-'));
    const files = new AgentSecretsFiles(dataDir);
    const commandLine = files.write({
      agentId: 'agent-1',
      url: HOST_URL,
      token: 'secret-token-123',
      cwd: dataDir,
      command: 'printf "%s|%s|%s|%s" "$SWITCHBOARD_URL" "$SWITCHBOARD_AGENT" "$SWITCHBOARD_TOKEN" "$(pwd)"',
    });
    const path = files.pathFor('agent-1');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'agents')).mode & 0o777).toBe(0o700);
    expect(commandLine).not.toContain('secret-token-123');
    expect(commandLine).toBe(`/bin/sh ${LAUNCHER_PATH} ${path}`);
    const run = runInPane(commandLine);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${HOST_URL}|agent-1|secret-token-123|${dataDir}`);
    expect(existsSync(path)).toBe(false);
  });

  it("hands hostile environment values over verbatim and runs none of them; SWITCHBOARD_* stay Switchboard's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-launch-'));
    const files = new AgentSecretsFiles(dir);
    const marker = join(dir, 'pwned');
    const hostile = {
      QUOTE: `it's '; touch ${marker}; echo '`,
      SUBST: `$(touch ${marker})\`touch ${marker}\``,
      LINES: 'one\ntwo\n\nthree',
      SWITCHBOARD_TOKEN: 'not-the-token',
      'BAD NAME; touch x': 'ignored',
    };
    const run = runInPane(
      files.write({
        agentId: 'a',
        url: '',
        token: 'real-token',
        cwd: null,
        env: hostile,
        command: 'printf "%s|%s|%s|%s" "$QUOTE" "$SUBST" "$LINES" "$SWITCHBOARD_TOKEN"',
      }),
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe([hostile.QUOTE, hostile.SUBST, hostile.LINES, 'real-token'].join('|'));
    expect(existsSync(marker)).toBe(false);
  });

  it("replaces itself with the CLI: the pane's process is the CLI, no launcher stays resident, no token on its command line", async () => {
    if (!existsSync('/proc/self/cmdline')) return; // Linux's /proc shows it; the exec is the same on macOS
    const files = new AgentSecretsFiles(mkdtempSync(join(tmpdir(), 'sb-launch-')));
    const [shell, ...args] = splitWords(
      files.write({ agentId: 'a', url: '', token: 'exec-token', cwd: null, command: 'sleep 30' }),
    );
    const child = spawn(shell!, args, { stdio: 'ignore' });
    try {
      const cmdline = () => readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      await eventually(
        () => (cmdline()[0] === 'sleep' ? true : undefined),
        20_000,
        "the CLI in the launcher's place",
      );
      expect(cmdline()).toEqual(['sleep', '30']);
      expect(readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0')).toContain(
        'SWITCHBOARD_TOKEN=exec-token',
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it("passes the CLI's exit code through, and starts the login shell when there is no command", () => {
    const files = new AgentSecretsFiles(mkdtempSync(join(tmpdir(), 'sb-launch-')));
    expect(
      runInPane(files.write({ agentId: 'a', url: '', token: 't', cwd: null, command: 'exit 7' })).status,
    ).toBe(7);
    const shell = spawnSync(
      '/bin/sh',
      ['-c', files.write({ agentId: 'b', url: '', token: 't', cwd: null, command: null })],
      {
        encoding: 'utf8',
        timeout: 20_000,
        input: 'echo "shell:$SWITCHBOARD_AGENT"\n',
        env: { ...process.env, SHELL: '/bin/sh' },
      },
    );
    expect(shell.stdout).toContain('shell:b');
  });

  it('refuses a launch file other users can read, without printing its content', () => {
    const files = new AgentSecretsFiles(mkdtempSync(join(tmpdir(), 'sb-launch-')));
    const commandLine = files.write({
      agentId: 'a',
      url: '',
      token: 'leaky-token',
      cwd: null,
      command: 'echo ran',
    });
    chmodSync(files.pathFor('a'), 0o644);
    const run = runInPane(commandLine);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('readable by other users');
    expect(run.stdout + run.stderr).not.toContain('leaky-token');
    expect(run.stdout).not.toContain('ran');
  });

  it('says what to do when the file is gone, and refuses a malformed file or a symlink', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-launch-'));
    const files = new AgentSecretsFiles(dir);
    const commandLine = files.write({ agentId: 'a', url: '', token: 't', cwd: null, command: 'true' });
    expect(runInPane(commandLine).status).toBe(0);
    const again = runInPane(commandLine);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('restart the agent');
    const bad = join(dir, 'bad.launch');
    writeFileSync(bad, `touch ${join(dir, 'ran')}\n`, { mode: 0o600 });
    expect(runInPane(`/bin/sh ${LAUNCHER_PATH} ${bad}`).stderr).toContain('malformed');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    files.write({ agentId: 'real', url: '', token: 't', cwd: null, command: 'echo ran' });
    symlinkSync(files.pathFor('real'), join(dir, 'link.launch'));
    const linked = runInPane(`/bin/sh ${LAUNCHER_PATH} ${join(dir, 'link.launch')}`);
    expect(linked.stderr).toContain('not a regular file');
    expect(linked.stdout).toBe('');
  });
});

/** The pane command's words (each shell-quoted by core, none with a quote in these tests). */
function splitWords(commandLine: string): string[] {
  return commandLine.split(' ').map((word) => word.replace(/^'(.*)'$/, '$1'));
}

describe('tokens stay secret', () => {
  it("never appear in a pane's command, title, badge, user variables or screen, nor in events or snapshots", async () => {
    const { orchestrator, backend, events, call, dataDir } = setupFleet();
    await call('team.create', { name: 'web' });
    const tokens: string[] = [];
    for (const kind of ['shell', 'claude', 'codex'] as const) {
      tokens.push(
        (await orchestrator.fleet.spawn({ name: `${kind}-1`, kind, role: 'builder', team: 'web' })).token,
      );
    }
    const restarted = await call<Agent>('agent.restart', { agent: 'claude-1' });
    const fresh = readLaunchFile(join(dataDir, 'agents', `${restarted.id}.launch`));
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

  it("removes a closed agent's launch file", async () => {
    const { call, dataDir } = setupFleet();
    const agent = await call<Agent>('agent.spawn', { name: 'a' });
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.launch`))).toBe(true);
    await call('agent.close', { agent: 'a' });
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.launch`))).toBe(false);
  });
});
