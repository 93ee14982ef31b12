import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

function wiring(
  { hookCommand, codexNotifyCommand }: { hookCommand?: string; codexNotifyCommand?: string[] } = {
    hookCommand: HOOK,
  },
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-wiring-'));
  const sessions = new CliSessions(openStore(':memory:', [wiringMigrations]), () =>
    new Date(0).toISOString(),
  );
  let fresh = 0;
  const newSessionId = () => `00000000-0000-4000-8000-${String(++fresh).padStart(12, '0')}`;
  const privates = new AgentPrivateFiles(dataDir);
  return {
    dataDir,
    sessions,
    privates,
    wiring: new AgentWiring({
      dataDir,
      secrets: new AgentSecretsFiles(dataDir),
      privates,
      sessions,
      hookCommand,
      codexNotifyCommand,
      newSessionId,
    }),
  };
}
const agentOf = (kind: Agent['kind'], command: string | null = null, cwd: string | null = null) => ({
  id: 'agent-1',
  kind,
  command,
  cwd,
});
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
/** Runs a command line the way the launcher does (`/bin/sh -c`), with the launcher's environment. */
const runAsLauncher = (command: string, env: Record<string, string> = {}) =>
  spawnSync('/bin/sh', ['-c', command], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env['PATH'] ?? '', SWITCHBOARD_URL: HOST_URL, SWITCHBOARD_TOKEN: 'tok-123', ...env },
  });

describe('agent wiring: what each CLI kind is given at launch', () => {
  it('Claude Code: its own --mcp-config and --settings files in the data folder (0600 in 0700), env-expanded, no token, nothing in the working tree', () => {
    const { dataDir, wiring: w } = wiring();
    const cwd = mkdtempSync(join(tmpdir(), 'sb-wiring-cwd-'));
    const { command } = w.plan({ agent: agentOf('claude', null, cwd), url: HOST_URL, token: 'tok-123' });
    const folder = join(dataDir, 'agents', 'agent-1');
    expect(command).toBe(
      `claude --mcp-config ${join(folder, 'claude-mcp.json')} --settings ${join(folder, 'claude-settings.json')}`,
    );
    expect(readJson(join(folder, 'claude-mcp.json'))).toEqual({
      mcpServers: {
        switchboard: {
          type: 'http',
          url: '${SWITCHBOARD_URL}/mcp',
          headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' },
        },
      },
    });
    const hooks = readJson(join(folder, 'claude-settings.json'))['hooks'] as Record<
      string,
      { matcher?: string; hooks: { command: string }[] }[]
    >;
    expect(Object.keys(hooks).sort()).toEqual([
      'Notification',
      'PostToolUse',
      'PreToolUse',
      'SessionStart',
      'Stop',
      'UserPromptSubmit',
    ]);
    expect(hooks['PreToolUse']).toEqual([
      { matcher: '*', hooks: [{ type: 'command', command: HOOK, timeout: 10 }] },
    ]);
    // Switchboard's own tools need no "Do you want to proceed?" in the default permission mode.
    expect(readJson(join(folder, 'claude-settings.json'))['permissions']).toEqual({
      allow: ['mcp__switchboard'],
    });
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(folder)) {
      expect(statSync(join(folder, file)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(folder, file), 'utf8')).not.toContain('tok-123');
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Claude Code without a hook command gets settings with no hooks (Switchboard tools allowed); a custom command line keeps its own arguments first', () => {
    const { dataDir, wiring: w } = wiring({});
    const { command } = w.plan({
      agent: agentOf('claude', "claude --model 'opus x'"),
      url: HOST_URL,
      token: 't',
    });
    expect(command).toMatch(
      /^claude --model 'opus x' --mcp-config \S+claude-mcp\.json --settings \S+claude-settings\.json$/,
    );
    expect(readJson(join(dataDir, 'agents', 'agent-1', 'claude-settings.json'))).toEqual({
      permissions: { allow: ['mcp__switchboard'] },
    });
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

  it("Codex: -c overrides whose URL the launcher's shell expands and whose bearer token Codex reads from SWITCHBOARD_TOKEN", () => {
    const { dataDir, wiring: w } = wiring();
    // `printf` stands in for codex: it shows the arguments codex would receive after the shell's expansion.
    const { command } = w.plan({ agent: agentOf('codex', "printf '%s\\n'"), url: HOST_URL, token: 't' });
    const run = runAsLauncher(command!);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '-c',
      `mcp_servers.switchboard.url="${HOST_URL}/mcp"`,
      '-c',
      'mcp_servers.switchboard.bearer_token_env_var="SWITCHBOARD_TOKEN"',
      '-c',
      'mcp_servers.switchboard.startup_timeout_sec=60',
    ]);
    expect(existsSync(join(dataDir, 'agents', 'agent-1'))).toBe(false);
  });

  it("Gemini CLI: its own settings file through GEMINI_CLI_SYSTEM_SETTINGS_PATH, keeping the machine's system settings", () => {
    const { dataDir, wiring: w } = wiring();
    const system = join(mkdtempSync(join(tmpdir(), 'sb-gemini-system-')), 'settings.json');
    writeFileSync(
      system,
      JSON.stringify({
        security: { auth: { enforcedType: 'gemini-api-key' } },
        mcpServers: { corp: { httpUrl: 'https://corp.example/mcp' } },
      }),
    );
    const previous = process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
    process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] = system;
    try {
      // `sh -c` stands in for gemini (the wiring's own arguments land in its unused "$@").
      const { command, env } = w.plan({
        agent: agentOf('gemini', "sh -c 'printenv GEMINI_CLI_SYSTEM_SETTINGS_PATH' gemini"),
        url: HOST_URL,
        token: 't',
      });
      // The variable comes through the launcher's environment: the CLI line stays one command (run with exec).
      expect(command).toMatch(
        /^sh -c 'printenv GEMINI_CLI_SYSTEM_SETTINGS_PATH' gemini --session-id [0-9a-f-]{36}$/,
      );
      const path = runAsLauncher(command!, env).stdout.trim();
      expect(path).toBe(join(dataDir, 'agents', 'agent-1', 'gemini-settings.json'));
      const settings = readJson(path);
      expect(settings['security']).toEqual({ auth: { enforcedType: 'gemini-api-key' } });
      expect(settings['mcpServers']).toEqual({
        corp: { httpUrl: 'https://corp.example/mcp' },
        switchboard: {
          httpUrl: '${SWITCHBOARD_URL}/mcp',
          headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' },
          trust: false,
        },
      });
    } finally {
      if (previous === undefined) delete process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
      else process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] = previous;
    }
  });

  it('Codex: with a notify command, -c notify=[…] as one TOML array (Codex appends its JSON payload when a turn ends)', () => {
    const notify = ['/usr/bin/node', "/opt/switch board/it's.js", 'hook', '--codex'];
    const { wiring: w } = wiring({ codexNotifyCommand: notify });
    const { command } = w.plan({ agent: agentOf('codex', "printf '%s\\n'"), url: HOST_URL, token: 't' });
    const words = runAsLauncher(command!).stdout.split('\n').filter(Boolean);
    expect(words.slice(-2)).toEqual([
      '-c',
      `notify=[${notify.map((word) => JSON.stringify(word)).join(',')}]`,
    ]);
  });

  it('Codex resumes the thread its notify reported: `codex resume <id> <options>`, only for a resuming launch of the codex program', () => {
    const { sessions, wiring: w } = wiring();
    const launch = { agent: agentOf('codex', 'codex --model o3'), url: HOST_URL, token: 't', resume: true };
    expect(w.plan(launch)).toMatchObject({ resumedSession: undefined });
    expect(w.plan(launch).command).toMatch(/^codex --model o3 -c /);
    sessions.record('agent-1', SESSION);
    expect(w.plan(launch)).toMatchObject({ resumedSession: SESSION });
    expect(w.plan(launch).command).toMatch(new RegExp(`^codex resume ${SESSION} --model o3 -c `));
    expect(w.plan({ ...launch, agent: agentOf('codex') }).command).toMatch(
      new RegExp(`^codex resume ${SESSION} -c `),
    );
    expect(w.plan({ ...launch, agent: agentOf('codex', '/opt/bin/codex') }).command).toMatch(
      new RegExp(`^/opt/bin/codex resume ${SESSION} -c `),
    );
    expect(w.plan({ ...launch, resume: false }).command).not.toContain('resume');
    // A subcommand, or another program first: left alone (a fresh conversation), never a broken line.
    for (const other of ['codex exec --json', 'env X=1 codex', 'mycodex']) {
      expect(w.plan({ ...launch, agent: agentOf('codex', other) })).toMatchObject({
        resumedSession: undefined,
      });
      expect(w.plan({ ...launch, agent: agentOf('codex', other) }).command).toMatch(
        new RegExp(`^${other.replace('.', '\\.')} -c `),
      );
    }
  });

  it('Gemini CLI: a fresh --session-id chosen and recorded at each fresh start; --resume <that id> once Gemini CLI holds a conversation under it', () => {
    const { sessions, privates, wiring: w } = wiring();
    const home = mkdtempSync(join(tmpdir(), 'sb-gemini-home-'));
    privates.save('agent-1', { env: { GEMINI_CLI_HOME: home }, command: null }, null);
    const first = w.plan({ agent: agentOf('gemini'), url: HOST_URL, token: 't' });
    const id1 = '00000000-0000-4000-8000-000000000001';
    expect(first).toMatchObject({ command: `gemini --session-id ${id1}`, resumedSession: undefined });
    expect(sessions.sessionOf('agent-1')).toBe(id1);
    // Nothing said yet (Gemini CLI wrote only its own session context): it could not resume it, so a fresh id.
    const chats = join(home, '.gemini', 'tmp', 'proj', 'chats');
    mkdirSync(chats, { recursive: true });
    const meta = (id: string) =>
      JSON.stringify({
        sessionId: id,
        projectHash: 'h',
        startTime: '2026-12-05T19:18:23.065Z',
        lastUpdated: '2026-12-05T19:18:23.065Z',
        kind: 'main',
      });
    const context = JSON.stringify({
      $set: {
        messages: [
          { id: 'c', type: 'user', content: [{ text: '<session_context>\nThis is the Gemini CLI.' }] },
        ],
      },
    });
    writeFileSync(
      join(chats, `session-2026-12-05T19-18-${id1.slice(0, 8)}.jsonl`),
      `${meta(id1)}\n${context}\n`,
    );
    const id2 = '00000000-0000-4000-8000-000000000002';
    expect(w.plan({ agent: agentOf('gemini'), url: HOST_URL, token: 't', resume: true }).command).toBe(
      `gemini --session-id ${id2}`,
    );
    expect(w.resumableSession({ id: 'agent-1', kind: 'gemini' })).toBeUndefined();
    // The shape Gemini CLI 0.61.0 writes (captured from a real run): metadata, then messages as JSON lines.
    const said = [
      JSON.stringify({ id: 'u', timestamp: 't', type: 'user', content: [{ text: 'ping' }] }),
      JSON.stringify({ $set: { lastUpdated: 't' } }),
      JSON.stringify({ id: 'g', type: 'gemini', content: 'pong', thoughts: [] }),
    ];
    writeFileSync(
      join(chats, `session-2026-12-05T19-19-${id2.slice(0, 8)}.jsonl`),
      [meta(id2), context, ...said].join('\n') + '\n',
    );
    const resumed = w.plan({
      agent: agentOf('gemini', 'gemini --model gemini-2.5-flash'),
      url: HOST_URL,
      token: 't',
      resume: true,
    });
    expect(resumed).toMatchObject({
      command: `gemini --model gemini-2.5-flash --resume ${id2}`,
      resumedSession: id2,
    });
    expect(w.resumableSession({ id: 'agent-1', kind: 'gemini' })).toBe(id2);
    expect(sessions.sessionOf('agent-1')).toBe(id2);
    // Not resuming: a fresh conversation, recorded in its place.
    expect(w.plan({ agent: agentOf('gemini'), url: HOST_URL, token: 't' }).command).toBe(
      'gemini --session-id 00000000-0000-4000-8000-000000000003',
    );
    // A subcommand takes no session (Gemini CLI refuses the flag there); the id stays as recorded.
    for (const line of [
      'gemini mcp list',
      'sh -c \'"$0" "$@"\' \'/repo/node_modules/.bin/gemini\' mcp list',
      '/opt/gemini extensions list',
    ]) {
      expect(
        w.plan({ agent: agentOf('gemini', line), url: HOST_URL, token: 't', resume: true }).command,
      ).toBe(line);
    }
    expect(sessions.sessionOf('agent-1')).toBe('00000000-0000-4000-8000-000000000003');
    // Another agent's conversation file with the same first 8 characters is not this agent's.
    sessions.record('agent-1', `${id2.slice(0, 8)}-ffff-4fff-8fff-ffffffffffff`);
    expect(w.resumableSession({ id: 'agent-1', kind: 'gemini' })).toBeUndefined();
  });

  it('shells and custom commands get only the environment; the login shell stays a login shell', () => {
    const { dataDir, wiring: w } = wiring();
    expect(w.plan({ agent: agentOf('custom', 'make watch'), url: HOST_URL, token: 't' }).command).toBe(
      'make watch',
    );
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
    for (const agent of [a, b])
      expect(existsSync(join(dataDir, 'agents', agent.id, 'claude-mcp.json'))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
    await orchestrator.invoke({ kind: 'agent', id: a.id }, 'health.reportHook', {
      event: 'Stop',
      sessionId: SESSION,
    });
    await call('agent.close', { agent: 'a' });
    expect(existsSync(join(dataDir, 'agents', a.id))).toBe(false);
    expect(existsSync(join(dataDir, 'agents', `${a.id}.launch`))).toBe(false);
    expect(existsSync(join(dataDir, 'agents', b.id, 'claude-mcp.json'))).toBe(true);
    await orchestrator.close();
  });

  it("agent.restart resumes the session id the agent's own hooks reported (another agent's is not used); a hostile id is refused", async () => {
    const { call, orchestrator, dataDir } = setupFleet();
    const a = await call<Agent>('agent.spawn', { name: 'a', kind: 'claude' });
    const asA = { kind: 'agent', id: a.id } as const;
    await expect(
      orchestrator.invoke(asA, 'health.reportHook', { event: 'Stop', sessionId: '$(touch /tmp/pwned)' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      orchestrator.invoke(asA, 'health.reportHook', { event: 'Stop', sessionId: 'x'.repeat(129) }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
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
