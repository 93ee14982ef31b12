// Secrets never travel: secrets shaped like the redactor's corpus go in through every door an agent or
// the human has (a spawn's env and command line, messages, approvals, human.notify, a pane's output that
// a watch matches), on the embedded iTerm2-API server with real shells. None may come out in any event,
// any API (/api) or MCP output, the SQLite file with its WAL, the audit, or what the host process writes
// to stdout/stderr — while the env and the real command line do reach the agent's process.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import type { Host } from '../src/index';
import { connect, startTestHost } from './host-fixture';

// Fakes shaped like the real thing, assembled at run time so no scanner mistakes this file for a leak.
const letters = (n: number, alphabet = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789') =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const upper = (n: number) => letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
const SECRETS = {
  anthropic: 'sk-ant-' + 'api03-' + letters(93),
  github: 'ghp_' + letters(36),
  openai: 'sk-' + 'proj-' + letters(60),
  aws: 'AKIA' + upper(16),
  slack: 'xoxb-' + '1234567890-' + letters(24),
  npm: 'npm_' + letters(36),
};
const CORPUS = Object.values(SECRETS);
const leaked = (text: string) => CORPUS.filter((secret) => text.includes(secret));

describe('secrets never travel', () => {
  let host: Host | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await host?.close();
  });

  it(
    'no corpus secret appears in any event, API or MCP output, the database or the host output; the agent still gets them',
    { timeout: 120_000 },
    async () => {
      const written: string[] = [];
      const capture = (stream: NodeJS.WriteStream) => {
        const original = stream.write.bind(stream);
        stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
          written.push(String(chunk));
          return original(chunk, ...rest);
        }) as typeof stream.write;
        return () => void (stream.write = original);
      };
      const restore = [capture(process.stdout), capture(process.stderr)];
      try {
        const started = await startTestHost({ backend: 'sim' });
        host = started.host;
        const events: SwitchboardEvent[] = [];
        host.orchestrator.subscribe((event) => events.push(event));

        // A shell agent: its env holds one secret, its command line another (the real line runs; the stored one is redacted).
        const command = `GITHUB_TOKEN=${SECRETS.github} /bin/bash --norc --noprofile`;
        const api = (name: string, input: unknown) => host!.orchestrator.invoke(humanCaller, name, input);
        const spawned = (await api('agent.spawn', {
          name: 'keeper',
          kind: 'custom',
          role: 'builder',
          command,
          env: { ANTHROPIC_API_KEY: SECRETS.anthropic },
        })) as { id: string; paneId: string; command: string };
        expect(spawned.command).toBe('GITHUB_TOKEN=[REDACTED:github] /bin/bash --norc --noprofile');
        const { token } = (await api('agent.issueToken', { agent: 'keeper' })) as { token: string };

        // The process got both, proven by lengths and a digest-free comparison (the secrets never go on screen).
        await api('pane.send', {
          targets: ['keeper'],
          text: `echo "env-len=\${#ANTHROPIC_API_KEY} cmd-len=\${#GITHUB_TOKEN}"`,
        });
        await eventually(
          async () => {
            const { screens } = (await api('pane.read', { targets: ['keeper'] })) as {
              screens: { lines: string[] }[];
            };
            return screens[0]!.lines.some((line) =>
              line.includes(`env-len=${SECRETS.anthropic.length} cmd-len=${SECRETS.github.length}`),
            );
          },
          60_000,
          'the agent process sees its env and its real command line',
        );

        // Every other door: a message, an approval, a notification, a watched line (printed by the shell, so it is on screen too).
        client = new Client({ name: 'keeper', version: '1' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
            requestInit: { headers: { authorization: `Bearer ${token}` } },
          }),
        );
        const tool = (name: string, args: Record<string, unknown>) =>
          client!.callTool({ name, arguments: args });
        expect(
          (
            await tool('message_send', {
              to: { human: true },
              body: `deploy key ${SECRETS.openai}`,
              typeIntoPane: 'never',
            })
          ).isError,
        ).toBeFalsy();
        expect(
          (
            await tool('approval_request', {
              kind: 'permission',
              summary: `run with ${SECRETS.aws}`,
              payload: { command: `aws --key ${SECRETS.aws}`, extra: SECRETS.slack },
            })
          ).isError,
        ).toBeFalsy();
        expect(
          (await tool('human_notify', { summary: 'token rotated', details: `new one: ${SECRETS.npm}` }))
            .isError,
        ).toBeFalsy();
        expect(
          (await tool('pane_watch', { target: 'keeper', pattern: 'LEAK', notify: 'human' })).isError,
        ).toBeFalsy();
        await api('pane.send', { targets: ['keeper'], text: `echo "LEAK ${SECRETS.slack}"` });
        await eventually(
          () => events.some((e) => e.type === 'pane.matched' && e.line.includes('LEAK')),
          60_000,
          'the watch matched',
        );

        // Everything a caller can read back, over both endpoints.
        const mcpOutputs: unknown[] = [];
        for (const [name, input] of [
          ['agent_list', {}],
          ['agent_whoami', {}],
          ['approval_list', {}],
          ['message_peek', {}],
          ['pane_watches', {}],
          ['lock_list', {}],
          ['recovery_log', {}],
          ['pane_read', { targets: ['keeper'], scrollback: true, lines: 500 }],
          ['health_get', { agent: 'keeper' }],
          ['health_history', { agent: 'keeper' }],
        ] as const) {
          const result = await tool(name, input);
          expect(result.isError, name).toBeFalsy();
          mcpOutputs.push(result);
        }
        const human = await connect(host.port, { token: host.token });
        const apiOutputs: unknown[] = [];
        let id = 0;
        for (const [name, input] of [
          ['fleet.snapshot', {}],
          ['agent.list', {}],
          ['approval.list', {}],
          ['message.history', {}],
          ['audit.list', { limit: 1000 }],
          ['attention.list', {}],
          ['pane.read', { targets: ['keeper'], scrollback: true, lines: 500 }],
          ['health.history', { agent: 'keeper' }],
          ['message.receive', { agent: 'human' }],
        ] as const) {
          const callId = ++id;
          human.socket!.send(JSON.stringify({ type: 'call', id: callId, name, input }));
          const answer = await human.inbox!.next((m) => m['type'] === 'result' && m['id'] === callId);
          expect(answer['ok'], name).toBe(true);
          apiOutputs.push(answer);
        }
        human.socket!.close();
        expect(JSON.stringify(apiOutputs)).toContain('[REDACTED:');

        await host.close();
        const files = readdirSync(started.dataDir).filter((f) => f.startsWith('switchboard.db'));
        const database = files
          .map((f) => readFileSync(join(started.dataDir, f)).toString('latin1'))
          .join('\n');
        const logsDir = join(started.dataDir, 'logs');
        const logs = existsSync(logsDir)
          ? readdirSync(logsDir)
              .map((f) => readFileSync(join(logsDir, f), 'utf8'))
              .join('\n')
          : '';
        host = undefined;

        expect(leaked(JSON.stringify(events)), 'events').toEqual([]);
        expect(leaked(JSON.stringify(mcpOutputs)), 'MCP outputs').toEqual([]);
        expect(leaked(JSON.stringify(apiOutputs)), 'API outputs').toEqual([]);
        expect(leaked(database), 'SQLite').toEqual([]);
        expect(leaked(written.join('')), 'host output').toEqual([]);
        expect(leaked(logs), 'host log').toEqual([]);
        // The one place they are kept: the agent's private file (0600), for its restarts.
        const privateFile = readFileSync(
          join(started.dataDir, 'agents', `${spawned.id}.private.json`),
          'utf8',
        );
        expect(privateFile).toContain(SECRETS.anthropic);
      } finally {
        restore.forEach((undo) => undo());
      }
    },
  );
});
