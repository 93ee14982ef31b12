import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { hookJsonOf } from '@switchboard/protocol/hook-client';
import { codexNotifyReportOf, hookReportOf, runHook } from '../src/commands/hook';
import { cliEntry } from '../src/paths';

const permissionJson = JSON.stringify({
  session_id: 's1',
  transcript_path: '/tmp/t.jsonl',
  cwd: '/tmp',
  hook_event_name: 'Notification',
  message: 'Claude needs your permission to use Bash',
  notification_type: 'permission_prompt',
});

describe('switchboard hook', () => {
  let host: Host | undefined;
  afterEach(async () => host?.close());

  async function hostWithAgent() {
    host = await startHost({
      dataDir: mkdtempSync(join(tmpdir(), 'sb-hook-')),
      backend: 'memory',
      writeHostFile: false,
    });
    const { agent, token } = await host.orchestrator.fleet.spawn({
      name: 'claude-1',
      kind: 'claude',
      role: 'builder',
    });
    return { host, agent, env: { SWITCHBOARD_TOKEN: token, SWITCHBOARD_URL: host.url } };
  }

  it('keeps only the event and short labels from the hook JSON', () => {
    expect(hookReportOf(permissionJson)).toEqual({
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
      sessionId: 's1',
    });
    expect(
      hookReportOf(
        JSON.stringify({
          hook_event_name: 'PreToolUse',
          tool_name: 'Bash',
          tool_input: { command: 'rm -rf /secret' },
        }),
      ),
    ).toEqual({ event: 'PreToolUse', toolName: 'Bash' });
    expect(hookReportOf(JSON.stringify({ hook_event_name: 'SubagentStop' }))).toBeUndefined();
    expect(hookReportOf('not json')).toBeUndefined();
  });

  it('passes the session id on (a restart resumes it), and drops one that is not a plain id', () => {
    const session = '0b4f6c1e-8f0a-4c55-9d7e-2a1f3b5c7d9e';
    expect(
      hookReportOf(
        JSON.stringify({
          hook_event_name: 'SessionStart',
          session_id: session,
          transcript_path: '/home/me/.claude/x.jsonl',
        }),
      ),
    ).toEqual({ event: 'SessionStart', sessionId: session });
    expect(
      hookReportOf(JSON.stringify({ hook_event_name: 'Stop', session_id: '$(touch /tmp/pwned)' })),
    ).toEqual({ event: 'Stop' });
  });

  it("Codex's notify payload (captured from codex exec 0.169.0): a finished turn with its thread id, nothing of the prompts or the answer", () => {
    const payload = {
      type: 'agent-turn-complete',
      'thread-id': '01a247a6-4026-78b0-8a55-2d6b72222b73',
      'turn-id': '01a247a6-410c-7962-ad11-e3e9d2ca1c3b',
      cwd: '/tmp/p',
      client: 'codex_exec',
      'input-messages': ['secret plan'],
      'last-assistant-message': 'pong',
    };
    expect(codexNotifyReportOf(JSON.stringify(payload))).toEqual({
      event: 'Stop',
      sessionId: '01a247a6-4026-78b0-8a55-2d6b72222b73',
    });
    expect(codexNotifyReportOf(JSON.stringify({ ...payload, 'thread-id': '$(touch /tmp/pwned)' }))).toEqual({
      event: 'Stop',
    });
    expect(codexNotifyReportOf(JSON.stringify({ ...payload, type: 'approval-requested' }))).toBeUndefined();
    expect(codexNotifyReportOf('null')).toBeUndefined();
    expect(codexNotifyReportOf('not json')).toBeUndefined();
  });

  it('reports the event to the host as the agent its token names', async () => {
    const { host, agent, env } = await hostWithAgent();
    const outcome = await runHook({
      dataDir: '/nonexistent',
      env,
      stdin: Readable.from([permissionJson]),
      log: () => undefined,
    });
    expect(outcome).toBe('reported');
    expect(host.orchestrator.health.get(agent.id)).toMatchObject({
      state: 'waiting_for_input',
      signals: [expect.objectContaining({ source: 'hook' })],
    });
  });

  it("posts one request to the host's /hook, with the event and its labels only (what it reads back as the same report)", async () => {
    const requests: { method?: string; url?: string; auth?: string; body: string }[] = [];
    const stand = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({
          method: request.method,
          url: request.url,
          auth: request.headers.authorization,
          body,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(stand.address() as AddressInfo).port}`;
      const toolUse = JSON.stringify({
        session_id: 's1',
        transcript_path: '/home/me/.claude/t.jsonl',
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'cat ~/.aws/credentials' },
      });
      const outcome = await runHook({
        dataDir: '/nonexistent',
        env: { SWITCHBOARD_TOKEN: 'agent-token', SWITCHBOARD_URL: url },
        stdin: Readable.from([toolUse]),
        log: () => undefined,
      });
      expect(outcome).toBe('reported');
      // One request (an MCP session of its own was four: initialize, initialized, the call, its end).
      expect(requests.map(({ method, url: path, auth }) => ({ method, path, auth }))).toEqual([
        { method: 'POST', path: '/hook', auth: 'Bearer agent-token' },
      ]);
      expect(requests[0]!.body).not.toMatch(/credentials|transcript|tool_input/);
      expect(hookReportOf(requests[0]!.body)).toEqual(hookReportOf(toolUse));
    } finally {
      stand.close();
    }
    // Every kind of report reads back as itself.
    for (const report of [
      hookReportOf(permissionJson)!,
      { event: 'PreToolUse' as const, toolName: 'Bash' },
      codexNotifyReportOf(JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 'thread-1' }))!,
    ])
      expect(hookReportOf(hookJsonOf(report))).toEqual(report);
  });

  it('never fails the agent: no token, a wrong token or no host are reported on stderr only', async () => {
    const { env } = await hostWithAgent();
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(
      await runHook({ dataDir: '/nonexistent', env: {}, stdin: Readable.from([permissionJson]), log }),
    ).toBe('ignored');
    expect(
      await runHook({
        dataDir: '/nonexistent',
        env: { ...env, SWITCHBOARD_TOKEN: 'forged' },
        stdin: Readable.from([permissionJson]),
        log,
      }),
    ).toBe('failed');
    expect(
      await runHook({
        dataDir: '/nonexistent',
        env: { ...env, SWITCHBOARD_URL: 'http://127.0.0.1:9' },
        stdin: Readable.from([permissionJson]),
        log,
        timeoutMs: 1000,
      }),
    ).toBe('failed');
    expect(lines.join('\n')).not.toContain(env.SWITCHBOARD_TOKEN);
  });

  it('works as the real CLI process Claude Code runs (stdout stays empty, exit 0)', async () => {
    const { host, agent, env } = await hostWithAgent();
    const child = spawn(process.execPath, [cliEntry, 'hook'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stdin.end(JSON.stringify({ hook_event_name: 'Stop', stop_hook_active: false }));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(host.orchestrator.health.get(agent.id)).toMatchObject({ state: 'idle' });
  });
});
