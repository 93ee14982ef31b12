import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { startSimServer } from '@switchboard/iterm-bridge/sim';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { hookCommand, repositoryRoot } from '../src/paths';
import { startScriptedModel, type ModelRequest, type ModelTurn } from '../../../test/support/scripted-model';
import { humanCalls, until } from './support/claude-code-host';

const claude = join(repositoryRoot, 'node_modules/.bin/claude');
const KEYS = {
  alpha: 'sk-ant-scripted-alpha-0123456789abcdef',
  beta: 'sk-ant-scripted-beta-0123456789abcdefgh',
};
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

const WHOAMI = 'mcp__switchboard__agent_whoami';

/** Every prompt makes the agent ask Switchboard who it is (agent_whoami); the answer goes back as text. */
function script(request: ModelRequest): ModelTurn {
  if (!request.tools.includes(WHOAMI)) return { kind: 'text', text: 'ok' };
  if (request.toolResults.length > 0) return { kind: 'text', text: 'noted' };
  return { kind: 'tool_use', name: 'mcp__switchboard__agent_whoami', input: {} };
}

let host: Host | undefined;
let model: Awaited<ReturnType<typeof startScriptedModel>> | undefined;
let sim: Awaited<ReturnType<typeof startSimServer>> | undefined;
afterAll(async () => {
  if (host) {
    for (const name of ['alpha', 'beta'])
      await host.orchestrator.invoke(humanCaller, 'agent.close', { agent: name }).catch(() => undefined);
    await host.close();
  }
  await sim?.close();
  await model?.close();
});

const { call, screenOf } = humanCalls(() => host!);

describe.skipIf(!existsSync(claude))(
  'zero-touch wiring with the real Claude Code CLI (scripted model, embedded iTerm2-API server)',
  { timeout: 900_000 },
  () => {
    it('two Claude Code agents spawned into one folder call Switchboard as themselves with no manual step, after agent.restart and after a host restart', async () => {
      model = await startScriptedModel(script);
      const root = realpathSync(mkdtempSync(join(tmpdir(), 'sb-wiring-')));
      const dataDir = join(root, 'data');
      const work = join(root, 'work');
      const home = join(root, 'home');
      for (const folder of [work, home]) mkdirSync(folder, { recursive: true });
      writeFileSync(
        join(home, '.claude.json'),
        JSON.stringify({
          hasCompletedOnboarding: true,
          customApiKeyResponses: { approved: Object.values(KEYS).map((key) => key.slice(-20)), rejected: [] },
          projects: { [work]: { hasTrustDialogAccepted: true } },
        }),
      );
      // A standalone embedded iTerm2-API server, so the panes (and the Claude Codes in them) outlive a host restart.
      const socket = join(root, 'api.sock');
      sim = await startSimServer({ unixPath: socket });
      const start = (port: number) =>
        startHost({ dataDir, backend: 'iterm2', iterm2Socket: socket, port, claudeHookCommand: hookCommand });
      host = await start(0);
      const port = host.port;

      const agents: Record<'alpha' | 'beta', Agent> = {} as never;
      for (const name of ['alpha', 'beta'] as const) {
        const env = {
          HOME: home,
          ANTHROPIC_BASE_URL: model.url,
          ANTHROPIC_API_KEY: KEYS[name],
          DISABLE_TELEMETRY: '1',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_AUTOUPDATER: '1',
          CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
          ENABLE_TOOL_SEARCH: 'false',
        };
        const command = `exec env ${Object.entries(env)
          .map(([k, v]) => `${k}=${quote(v)}`)
          .join(' ')} ${quote(claude)} --permission-mode default`;
        // The first prompt is the spawn's task: Switchboard types it once the CLI is idle AND its MCP client has
        // listed Switchboard's tools. Claude Code draws its prompt before its MCP servers connect, and a turn
        // typed at the first prompt went to the model without them (the model then answered "ok": a 150 s wait).
        agents[name] = await call<Agent>('agent.spawn', {
          name,
          kind: 'claude',
          role: 'builder',
          cwd: work,
          command,
          task: `who am I, ${name}? round 1`,
        });
      }

      /** The main request for `prompt` from `name`'s Claude Code, the first one at or after `from`. */
      const requestFor = (name: 'alpha' | 'beta', prompt: string, from: number) =>
        until(
          `${name}'s request to the model for "${prompt}"`,
          () =>
            model!.requests
              .slice(from)
              .find(
                (r) => r.apiKey === KEYS[name] && r.main && r.userTexts.some((text) => text.includes(prompt)),
              ),
          { context: () => screenOf(name) },
        );
      /** What agent_whoami answered `name` in its first tool result at or after index `at` of the model's requests. */
      const whoamiResult = async (name: 'alpha' | 'beta', prompt: string, at: number) => {
        const request = await until(
          `${name}'s agent_whoami result for "${prompt}"`,
          () => model!.requests.slice(at).find((r) => r.apiKey === KEYS[name] && r.toolResults.length > 0),
          { context: () => screenOf(name) },
        );
        return { result: request.toolResults.join(' '), request };
      };

      /**
       * Types a prompt and returns what agent_whoami answered in the turn it started. A Claude Code that has just
       * (re)started may be at its prompt before its MCP client has Switchboard's tools (the race the spawn's task
       * waits out, above): a turn whose request offered none is over with "ok", and the prompt is typed again.
       */
      async function askWhoAmI(
        name: 'alpha' | 'beta',
        prompt: string,
      ): Promise<{ result: string; request: ModelRequest }> {
        const deadline = Date.now() + 150_000;
        for (;;) {
          await until(
            `${name}'s Claude Code to be idle`,
            async () =>
              /\? for shortcuts|manual mode on|auto mode on/.test(await screenOf(name)) ? true : undefined,
            { context: () => screenOf(name) },
          );
          const before = model!.requests.length;
          const typed = await call<{ results: { submitted: boolean }[] }>('pane.send', {
            targets: [name],
            text: prompt,
          });
          expect(typed.results[0]?.submitted).toBe(true);
          const asked = await requestFor(name, prompt, before);
          if (asked.tools.includes(WHOAMI)) return whoamiResult(name, prompt, before);
          if (Date.now() > deadline)
            throw new Error(`${name}'s Claude Code never offered ${WHOAMI}:\n${await screenOf(name)}`);
          await until(`${name}'s answer without tools`, async () => {
            const screen = await screenOf(name);
            return screen.indexOf('● ok', screen.lastIndexOf(prompt)) > 0 ? true : undefined;
          });
        }
      }
      const expectIdentity = (result: string, name: 'alpha' | 'beta') => {
        const other = name === 'alpha' ? 'beta' : 'alpha';
        expect(result).toContain(agents[name].id);
        expect(result).not.toContain(agents[other].id);
      };

      // 1. At spawn: each is itself (its task reached the model with Switchboard's tools), and nothing was written
      // into the shared folder.
      for (const name of ['alpha', 'beta'] as const) {
        const prompt = `who am I, ${name}? round 1`;
        const asked = await requestFor(name, prompt, 0);
        expect(asked.tools, `${name}'s task was typed before its CLI had Switchboard's tools`).toContain(
          WHOAMI,
        );
        expectIdentity((await whoamiResult(name, prompt, 0)).result, name);
      }
      expect(readdirSync(work)).toEqual([]);

      // 2. After agent.restart: one restart, a fresh token that works, and the same conversation (--resume with the session its hooks reported).
      const restarted = await call<Agent>('agent.restart', { agent: 'alpha' });
      expect(restarted.paneId).not.toBe(agents.alpha.paneId);
      const afterRestart = await askWhoAmI('alpha', 'who am I after the restart?');
      expectIdentity(afterRestart.result, 'alpha');
      expect(afterRestart.request.userTexts.join('\n')).toContain('who am I, alpha? round 1');
      expect(afterRestart.request.userTexts.join('\n')).not.toContain('beta? round 1');
      const log = await call<{ entries: { action: string }[] }>('recovery.log', { agent: 'alpha' });
      expect(log.entries.filter((e) => e.action === 'restart')).toEqual([]);

      // 3. After a host restart on the same port: the agents' URL and tokens still work.
      await host.close();
      host = await start(port);
      expect(host.port).toBe(port);
      for (const name of ['alpha', 'beta'] as const)
        expectIdentity((await askWhoAmI(name, `who am I after the host restart, ${name}?`)).result, name);
      expect(readdirSync(work)).toEqual([]);
    });
  },
);
