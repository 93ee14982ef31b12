import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { AgentSecretsFiles } from '../../src/fleet/agent-secrets';
import { AgentPrivateFiles } from '../../src/fleet/agent-private-files';
import { openStore } from '../../src/index';
import { CliSessions } from '../../src/wiring/cli-sessions';
import { AgentWiring } from '../../src/wiring/agent-wiring';
import { wiringMigrations } from '../../src/wiring/wiring-migrations';
import { HOST_URL, setupFleet } from '../fleet/fleet-fixture';
import { readLaunchFile } from '../fleet/launch-file';

const HOOK = "'/usr/bin/node' '/opt/switchboard/apps/headless/bin/switchboard.js' hook";
const SESSION = '0b4f6c1e-8f0a-4c55-9d7e-2a1f3b5c7d9e';

function wiring({ hookCommand }: { hookCommand?: string } = { hookCommand: HOOK }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-wiring-'));
  const sessions = new CliSessions(openStore(':memory:', [wiringMigrations]), () => new Date(0).toISOString());
  return { dataDir, sessions, wiring: new AgentWiring({ dataDir, secrets: new AgentSecretsFiles(dataDir), privates: new AgentPrivateFiles(dataDir), sessions, hookCommand }) };
}
const agentOf = (kind: Agent['kind'], command: string | null = null, cwd: string | null = null) => ({ id: 'agent-1', kind, command, cwd });
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
/** Runs a command line the way the launcher does (`/bin/sh -c`), with the launcher's environment. */
const runAsLauncher = (command: string, env: Record<string, string> = {}) =>
  spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env['PATH'] ?? '', SWITCHBOARD_URL: HOST_URL, SWITCHBOARD_TOKEN: 'tok-123', ...env } });

describe('agent wiring: what each CLI kind is given at launch', () => {
  it('Claude Code: its own --mcp-config and --settings files in the data folder (0600 in 0700), env-expanded, no token, nothing in the working tree', () => {
    const { dataDir, wiring: w } = wiring();
    const cwd = mkdtempSync(join(tmpdir(), 'sb-wiring-cwd-'));
    const { command } = w.plan({ agent: agentOf('claude', null, cwd), url: HOST_URL, token: 'tok-123' });
    const folder = join(dataDir, 'agents', 'agent-1');
    expect(command).toBe(`claude --mcp-config ${join(folder, 'claude-mcp.json')} --settings ${join(folder, 'claude-settings.json')}`);
    expect(readJson(join(folder, 'claude-mcp.json'))).toEqual({
      mcpServers: { switchboard: { type: 'http', url: '${SWITCHBOARD_URL}/mcp', headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' } } },
    });
    const hooks = readJson(join(folder, 'claude-settings.json'))['hooks'] as Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    expect(Object.keys(hooks).sort()).toEqual(['Notification', 'PostToolUse', 'PreToolUse', 'SessionStart', 'Stop', 'UserPromptSubmit']);
    expect(hooks['PreToolUse']).toEqual([{ matcher: '*', hooks: [{ type: 'command', command: HOOK, timeout: 10 }] }]);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(folder)) {
      expect(statSync(join(folder, file)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(folder, file), 'utf8')).not.toContain('tok-123');
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Claude Code without a hook command gets the MCP config only; a custom command line keeps its own arguments first', () => {
    const { wiring: w } = wiring({});
    const { command } = w.plan({ agent: agentOf('claude', "claude --model 'opus x'"), url: HOST_URL, token: 't' });
    expect(command).toMatch(/^claude --model 'opus x' --mcp-config \S+claude-mcp\.json$/);
  });

  it('resumes exactly the conversation recorded for the agent (--resume <id>), never --continue, and nothing when none was recorded', () => {
    const { sessions, wiring: w } = wiring();
    const launch = { agent: agentOf('claude'), url: HOST_URL, token: 't', resume: true };
    expect(w.plan(launch)).toMatchObject({ resumedSession: undefined });
    expect(w.plan(launch).command).not.toMatch(/--resume|--continue/);
    sessions.record('agent-1', SESSION);
    const resumed = w.plan(launch);
    expect(resumed.resumedSession).toBe(SESSION);
    expect(resumed.command).toMatch(new RegExp(`--resume ${SESSION}$`));
    expect(w.plan({ ...launch, resume: false }).command).not.toContain('--resume');
    expect(resumed.command).not.toContain('--continue');
  });

  it('Codex: -c overrides whose URL the launcher\'s shell expands and whose bearer token Codex reads from SWITCHBOARD_TOKEN', () => {
    const { dataDir, wiring: w } = wiring();
    // `printf` stands in for codex: it shows the arguments codex would receive after the shell's expansion.
    const { command } = w.plan({ agent: agentOf('codex', "printf '%s\\n'"), url: HOST_URL, token: 't' });
    const run = runAsLauncher(command!);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '-c', `mcp_servers.switchboard.url="${HOST_URL}/mcp"`, '-c', 'mcp_servers.switchboard.bearer_token_env_var="SWITCHBOARD_TOKEN"',
    ]);
    expect(existsSync(join(dataDir, 'agents', 'agent-1'))).toBe(false);
  });

  it('Gemini CLI: its own settings file through GEMINI_CLI_SYSTEM_SETTINGS_PATH, keeping the machine\'s system settings', () => {
    const { dataDir, wiring: w } = wiring();
    const system = join(mkdtempSync(join(tmpdir(), 'sb-gemini-system-')), 'settings.json');
    writeFileSync(system, JSON.stringify({ security: { auth: { enforcedType: 'gemini-api-key' } }, mcpServers: { corp: { httpUrl: 'https://corp.example/mcp' } } }));
    const previous = process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
    process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] = system;
    try {
      const { command, env } = w.plan({ agent: agentOf('gemini', 'printenv GEMINI_CLI_SYSTEM_SETTINGS_PATH'), url: HOST_URL, token: 't' });
      // The variable comes through the launcher's environment: the CLI line stays one command (run with exec).
      expect(command).toBe('printenv GEMINI_CLI_SYSTEM_SETTINGS_PATH');
      const path = runAsLauncher(command!, env).stdout.trim();
      expect(path).toBe(join(dataDir, 'agents', 'agent-1', 'gemini-settings.json'));
      const settings = readJson(path);
      expect(settings['security']).toEqual({ auth: { enforcedType: 'gemini-api-key' } });
      expect(settings['mcpServers']).toEqual({
        corp: { httpUrl: 'https://corp.example/mcp' },
        switchboard: { httpUrl: '${SWITCHBOARD_URL}/mcp', headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' }, trust: false },
      });
    } finally {
      if (previous === undefined) delete process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
      else process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] = previous;
    }
  });

  it('shells and custom commands get only the environment; the login shell stays a login shell', () => {
    const { dataDir, wiring: w } = wiring();
    expect(w.plan({ agent: agentOf('custom', 'make watch'), url: HOST_URL, token: 't' }).command).toBe('make watch');
    expect(w.plan({ agent: agentOf('shell'), url: HOST_URL, token: 't' }).command).toBeNull();
    expect(existsSync(join(dataDir, 'agents', 'agent-1'))).toBe(false);
  });
});

describe('agent wiring in the fleet', () => {
  it('two Claude Code agents in one folder get their own files; closing one removes its files and its recorded conversation only', async () => {
    const { call, orchestrator, dataDir } = setupFleet();
    const cwd = mkdtempSync(join(tmpdir(), 'sb-wiring-shared-'));
    const a = await call<Agent>('agent.spawn', { name: 'a', kind: 'claude', cwd });
    const b = await call<Agent>('agent.spawn', { name: 'b', kind: 'claude', cwd });
    for (const agent of [a, b]) expect(existsSync(join(dataDir, 'agents', agent.id, 'claude-mcp.json'))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
    await orchestrator.invoke({ kind: 'agent', id: a.id }, 'health.reportHook', { event: 'Stop', sessionId: SESSION });
    await call('agent.close', { agent: 'a' });
    expect(existsSync(join(dataDir, 'agents', a.id))).toBe(false);
    expect(existsSync(join(dataDir, 'agents', `${a.id}.launch`))).toBe(false);
    expect(existsSync(join(dataDir, 'agents', b.id, 'claude-mcp.json'))).toBe(true);
    await orchestrator.close();
  });

  it('agent.restart resumes the session id the agent\'s own hooks reported (another agent\'s is not used); a hostile id is refused', async () => {
    const { call, orchestrator, dataDir } = setupFleet();
    const a = await call<Agent>('agent.spawn', { name: 'a', kind: 'claude' });
    const asA = { kind: 'agent', id: a.id } as const;
    await expect(orchestrator.invoke(asA, 'health.reportHook', { event: 'Stop', sessionId: '$(touch /tmp/pwned)' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(orchestrator.invoke(asA, 'health.reportHook', { event: 'Stop', sessionId: 'x'.repeat(129) })).rejects.toMatchObject({ code: 'invalid_input' });
    // A session with nothing said in it yet cannot be resumed: SessionStart alone records nothing.
    await orchestrator.invoke(asA, 'health.reportHook', { event: 'SessionStart', sessionId: SESSION });
    const launcherFile = () => readLaunchFile(join(dataDir, 'agents', `${a.id}.launch`));
    await call('agent.restart', { agent: 'a' });
    expect(launcherFile().command).not.toContain('--resume');
    await orchestrator.invoke(asA, 'health.reportHook', { event: 'UserPromptSubmit', sessionId: SESSION });
    await call('agent.restart', { agent: 'a' });
    expect(launcherFile().command).toMatch(new RegExp(`^claude --mcp-config .* --resume ${SESSION}$`));
    await call('agent.restart', { agent: 'a', resume: false });
    expect(launcherFile().command).not.toContain('--resume');
    const b = await call<Agent>('agent.spawn', { name: 'b', kind: 'claude' });
    await call('agent.restart', { agent: 'b' });
    expect(readLaunchFile(join(dataDir, 'agents', `${b.id}.launch`)).command).not.toContain('--resume');
    await orchestrator.close();
  });
});
