import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { cliEntry, repositoryRoot } from '../src/index';
import { startScriptedModel, type ModelRequest, type ModelTurn } from '../../../test/support/scripted-model';
import { humanCalls, until } from './support/claude-code-host';

const run = promisify(execFile);
const claude = join(repositoryRoot, 'node_modules/.bin/claude');
const KEYS = {
  alpha: 'sk-ant-scripted-alpha-0123456789abcdef',
  beta: 'sk-ant-scripted-beta-0123456789abcdefgh',
};
const HELLO = 'hello from alpha via switchboard';

/** What each CLI is asked until it offers Switchboard's tools (see untilSwitchboardToolsOffered). */
const PROBE = 'Reply with one word.';
/** API keys of the CLIs still being probed: the model answers them in text, so no tool runs. */
const probing = new Set<string>(Object.values(KEYS));

/** A sends B a message through the message_send tool; B's message_receive returns it. */
function script(request: ModelRequest): ModelTurn {
  if (probing.has(request.apiKey)) return { kind: 'text', text: 'ready' };
  const mcpTools = request.tools.filter((t) => t.startsWith('mcp__switchboard__'));
  if (mcpTools.length === 0) return { kind: 'text', text: 'ok' };
  if (request.toolResults.length > 0)
    return { kind: 'text', text: `done: ${request.toolResults.join(' ').slice(0, 120)}` };
  if (request.apiKey === KEYS.alpha)
    return {
      kind: 'tool_use',
      name: 'mcp__switchboard__message_send',
      input: { to: { agent: 'beta' }, body: HELLO },
    };
  return { kind: 'tool_use', name: 'mcp__switchboard__message_receive', input: { wait: 20 } };
}

let host: Host | undefined;
let model: Awaited<ReturnType<typeof startScriptedModel>> | undefined;
afterAll(async () => {
  if (host) {
    for (const name of ['alpha', 'beta'])
      await host.orchestrator.invoke(humanCaller, 'agent.close', { agent: name }).catch(() => undefined);
    await host.close();
  }
  await model?.close();
});

const { call, screenOf } = humanCalls(() => host!);

const offersSwitchboardTools = (request: ModelRequest) =>
  request.tools.some((tool) => tool.startsWith('mcp__switchboard__'));
const describeRequests = (apiKey: string) =>
  model!.requests
    .filter((r) => r.apiKey === apiKey)
    .map(
      (r) =>
        `  ${r.tools.length} tools (Switchboard's: ${offersSwitchboardTools(r)}), last: ${r.lastUser.slice(0, 120)}`,
    )
    .join('\n');

/**
 * Claude Code draws its idle prompt before its MCP servers are connected, and a turn started then goes to
 * the model without their tools (it does not wait for them, CLAUDE_CODE_MCP_STARTUP_WAIT_MS included).
 * That was the session 18 flake: beta's "Check your Switchboard inbox." reached the model with no
 * Switchboard tool, the model said "ok", and the test waited 120 s. So each CLI is asked the probe
 * until one of its requests offers Switchboard's tools: waiting on the condition itself, not on time.
 */
async function untilSwitchboardToolsOffered(name: keyof typeof KEYS, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = model!.requests.length;
    const typed = await call<{ results: { submitted: boolean }[] }>('pane.send', {
      targets: [name],
      text: PROBE,
    });
    expect(typed.results[0]?.submitted).toBe(true);
    const asked = await until(`${name}'s request for the probe`, () =>
      model!.requests.slice(before).find((r) => r.apiKey === KEYS[name] && r.main),
    );
    // The turn is over once the last probe on the screen has its answer (a probe typed sooner waits in Claude Code's queue).
    await until(`${name}'s answer to the probe`, async () => {
      const screen = await screenOf(name);
      return screen.indexOf('● ready', screen.lastIndexOf(PROBE)) > 0 ? true : undefined;
    });
    if (offersSwitchboardTools(asked)) break;
    if (Date.now() > deadline)
      throw new Error(
        `${name}'s Claude Code never offered Switchboard's tools:\n${describeRequests(KEYS[name])}`,
      );
  }
  probing.delete(KEYS[name]);
}

describe.skipIf(!existsSync(claude))(
  'the real Claude Code CLI as the MCP client, two agents in panes of the embedded iTerm2-API server',
  { timeout: 400_000 },
  () => {
    it("alpha sends beta a message through the message_send tool; beta's message_receive returns it", async () => {
      model = await startScriptedModel(script);
      const root = mkdtempSync(join(tmpdir(), 'sb-claude-'));
      const dataDir = join(root, 'data');
      host = await startHost({ dataDir, backend: 'sim' });
      expect(host.backendKind).toBe('sim');

      const tokens: string[] = [];
      for (const name of ['alpha', 'beta'] as const) {
        const work = join(root, `work-${name}`);
        const home = join(root, `home-${name}`);
        mkdirSync(work, { recursive: true });
        mkdirSync(home, { recursive: true });
        writeFileSync(
          join(home, '.claude.json'),
          JSON.stringify({
            hasCompletedOnboarding: true,
            customApiKeyResponses: { approved: [KEYS[name].slice(-20)], rejected: [] },
            projects: { [work]: { hasTrustDialogAccepted: true } },
          }),
        );
        // The pane waits for its MCP registration (written below from `switchboard mcp-config`), then runs Claude Code.
        writeFileSync(
          join(root, `run-${name}.sh`),
          [
            `export HOME='${home}' ANTHROPIC_BASE_URL='${model.url}' ANTHROPIC_API_KEY='${KEYS[name]}'`,
            'export DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 ENABLE_TOOL_SEARCH=false DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL=1',
            `cd '${work}'`,
            `while [ ! -f '${root}/ready-${name}' ]; do sleep 0.2; done`,
            `PATH="${join(repositoryRoot, 'node_modules/.bin')}:$PATH" sh '${root}/register-${name}.sh' >/dev/null 2>&1`,
            `exec '${claude}' --permission-mode default --allowedTools mcp__switchboard`,
          ].join('\n'),
          { mode: 0o700 },
        );
        await call('agent.spawn', {
          name,
          kind: 'custom',
          role: 'builder',
          command: `sh '${join(root, `run-${name}.sh`)}'`,
        });
        const { stdout } = await run(
          process.execPath,
          [cliEntry, 'mcp-config', '--agent', name, '--client', 'claude'],
          { env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir }, timeout: 60_000 },
        );
        // The stdio relay with the token's 0600 file: the token is in no argv, no history, no config.
        const tokenFile =
          /^claude mcp remove --scope local switchboard >\/dev\/null 2>&1; claude mcp add --scope local switchboard -e SWITCHBOARD_TOKEN_FILE=(\S+) -e SWITCHBOARD_DATA_DIR=\S+ -- \S+ \S+ mcp\n$/.exec(
            stdout,
          )?.[1];
        expect(tokenFile, stdout).toBeDefined();
        tokens.push(readFileSync(tokenFile!, 'utf8').trim());
        expect(stdout).not.toContain(tokens.at(-1));
        writeFileSync(join(root, `register-${name}.sh`), stdout, { mode: 0o700 });
        writeFileSync(join(root, `ready-${name}`), '');
      }

      // Both at once: each probe is a turn of its own CLI.
      await Promise.all(
        (['alpha', 'beta'] as const).map(async (name) => {
          await until(`${name}'s Claude Code to be idle`, async () =>
            /\? for shortcuts|manual mode on|auto mode on/.test(await screenOf(name)) ? true : undefined,
          );
          await untilSwitchboardToolsOffered(name);
        }),
      );

      const typed = await call<{ results: { submitted: boolean; confirmed: boolean }[] }>('pane.send', {
        targets: ['alpha'],
        text: 'Say hello to beta through Switchboard.',
      });
      expect(typed.results[0]).toMatchObject({ submitted: true, confirmed: true });
      const sent = await until("alpha's message_send result", () =>
        model!.requests.find((r) => r.apiKey === KEYS.alpha && r.toolResults.length > 0),
      );
      expect(sent.toolResults.join('')).toContain('messageIds');

      const typedBeta = await call<{ results: { submitted: boolean; confirmed: boolean }[] }>('pane.send', {
        targets: ['beta'],
        text: 'Check your Switchboard inbox.',
      });
      expect(typedBeta.results[0]).toMatchObject({ submitted: true, confirmed: true });
      // It failed once on its first try in a clean clone (session 18, passed on the retry): the screen says why next time.
      const received = await until(
        "beta's message_receive result",
        () => model!.requests.find((r) => r.apiKey === KEYS.beta && r.toolResults.length > 0),
        {
          timeoutMs: 120_000,
          context: async () =>
            `beta's requests to the model:\n${describeRequests(KEYS.beta)}\nits screen:\n${await screenOf('beta')}`,
        },
      );
      expect(received.toolResults.join('')).toContain(HELLO);

      const history = await call<{ messages: { body: string; senderId: string }[] }>('message.history', {});
      expect(history.messages.map((m) => m.body)).toContain(HELLO);
      for (const name of ['alpha', 'beta']) {
        const screen = await screenOf(name);
        for (const token of tokens) expect(screen).not.toContain(token);
      }
      // Both Claude Codes and the relays they started are running: no process's argv holds a token (Linux: /proc).
      if (existsSync('/proc/self/cmdline')) {
        const argvs = readdirSync('/proc')
          .filter((entry) => /^\d+$/.test(entry))
          .map((pid) => {
            try {
              return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            } catch {
              return ''; // ended meanwhile
            }
          });
        expect(argvs.some((argv) => argv.includes(`${cliEntry}\0mcp`))).toBe(true);
        for (const token of tokens) expect(argvs.filter((argv) => argv.includes(token))).toEqual([]);
      }
    });
  },
);
