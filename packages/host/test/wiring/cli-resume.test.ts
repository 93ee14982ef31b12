import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { startHost, type Host } from '../../src/index';
import { until } from '../health/support/embedded-stack';
import { CLI_ENTRY, quote } from '../support/shell-words';
import { CODEX, GEMINI, thenWait } from './support/pinned-clis';
import { fakeGemini, fakeResponses, type FakeModel } from './support/fake-models';

// Codex and Gemini CLI (pinned, from npm) against local stand-ins for their model APIs, in panes of the
// embedded iTerm2-API server: each restart resumes the agent's own conversation, never the folder's newest.
const temporary = (name: string) => realpathSync(mkdtempSync(join(tmpdir(), name)));

let host: Host | undefined;
let model: FakeModel | undefined;
afterEach(async () => {
  await host?.close();
  await model?.close();
  host = model = undefined;
});

async function start(): Promise<Host> {
  host = await startHost({
    dataDir: temporary('sb-resume-'),
    backend: 'sim',
    writeHostFile: false,
    codexNotifyCommand: [process.execPath, CLI_ENTRY, 'hook', '--codex'],
  });
  return host;
}
const spawn = (target: Host, input: Record<string, unknown>) =>
  target.orchestrator.invoke(humanCaller, 'agent.spawn', input) as Promise<Agent>;
const screen = (target: Host, name: string) => async () =>
  (
    (await target.orchestrator.invoke(humanCaller, 'pane.read', {
      targets: [name],
      lines: 100,
      scrollback: true,
    })) as { screens: { lines: string[] }[] }
  ).screens[0]!.lines.join('\n');
/** The model saw a request whose last turn is this prompt. */
const asked = (fake: FakeModel, prompt: string) =>
  fake.requests.filter((history) => history.at(-1) === prompt);

/**
 * Whether Gemini CLI's chat file for this session (`<home>/.gemini/tmp/<project>/chats/session-<time>-<first 8 of
 * id>.jsonl`) holds the model's answer: a `"type":"gemini"` line with that text.
 */
function geminiAnswered(home: string, session: string, text: string): true | undefined {
  const tmp = join(home, '.gemini', 'tmp');
  for (const project of existsSync(tmp) ? readdirSync(tmp) : []) {
    const chats = join(tmp, project, 'chats');
    for (const file of existsSync(chats) ? readdirSync(chats) : []) {
      if (!file.endsWith(`-${session.slice(0, 8)}.jsonl`)) continue;
      for (const line of readFileSync(join(chats, file), 'utf8').split('\n')) {
        const row = (() => {
          try {
            return JSON.parse(line) as { type?: unknown; content?: unknown };
          } catch {
            return undefined; // a line being written
          }
        })();
        if (row?.type === 'gemini' && JSON.stringify(row.content ?? '').includes(text)) return true;
      }
    }
  }
  return undefined;
}

describe.skipIf(!existsSync(GEMINI))(
  'Gemini CLI 0.61.0: resumed by the session id Switchboard chose',
  { timeout: 240_000 },
  () => {
    it('first start --session-id <id>; agent.restart → --resume <id>, and the model sees the earlier turns', async () => {
      const target = await start();
      const fake = (model = await fakeGemini());
      const home = temporary('sb-gemini-home-');
      mkdirSync(join(home, '.gemini'));
      writeFileSync(
        join(home, '.gemini', 'settings.json'),
        JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }),
      );
      const env = { GEMINI_CLI_HOME: home, GEMINI_API_KEY: 'offline', GOOGLE_GEMINI_BASE_URL: fake.url };
      const command = thenWait(GEMINI, '--skip-trust', '-m', 'gemini-2.5-flash', '-p', 'ping');
      const agent = await spawn(target, {
        name: 'gem',
        kind: 'gemini',
        cwd: temporary('sb-gemini-project-'),
        command,
        env,
      });
      await until(
        () => (asked(fake, 'ping').length === 1 ? true : undefined),
        150_000,
        screen(target, 'gem'),
      );
      const session = await until(
        () => target.orchestrator.fleet.resumableSession(agent),
        30_000,
        screen(target, 'gem'),
      );
      expect(session).toMatch(/^[0-9a-f-]{36}$/);
      // Resumable holds once Gemini CLI wrote the user's line, before its answer's: a restart in between resumes a
      // session without "pong". Restart once the answer is in the chat file.
      await until(() => geminiAnswered(home, session, 'pong'), 30_000, screen(target, 'gem'));
      await target.orchestrator.invoke(humanCaller, 'agent.restart', { agent: 'gem', resume: true });
      const [again] = await until(
        () => (asked(fake, 'ping').length === 2 ? asked(fake, 'ping').slice(1) : undefined),
        150_000,
        screen(target, 'gem'),
      );
      // The earlier question and answer came back with the resumed session (a fresh one would start at "ping").
      expect(again!.slice(-3)).toEqual(['ping', 'pong', 'ping']);
      expect(target.orchestrator.fleet.resumableSession(agent)).toBe(session);
    });
  },
);

describe.skipIf(!existsSync(CODEX))(
  'Codex 0.169.0: resumed by the thread id its notify reported',
  { timeout: 240_000 },
  () => {
    it("two agents in one folder each record their own thread (notify → switchboard hook --codex → host) and get Switchboard's agent tools; resuming one continues its own", async () => {
      const target = await start();
      const fake = (model = await fakeResponses());
      const codexHome = temporary('sb-codex-home-');
      const cwd = temporary('sb-codex-project-');
      const provider = `model_providers.fake={name="fake",base_url="${fake.url}/v1",env_key="OPENAI_API_KEY",wire_api="responses"}`;
      const options = [
        '--skip-git-repo-check',
        '-m',
        'gpt-5',
        '-c',
        quote(provider),
        '-c',
        'model_provider=fake',
      ];
      const env = { CODEX_HOME: codexHome, OPENAI_API_KEY: 'sk-offline' };
      const threads: string[] = [];
      for (const name of ['cdx-a', 'cdx-b']) {
        const agent = await spawn(target, {
          name,
          kind: 'codex',
          cwd,
          env,
          command: thenWait(CODEX, 'exec', ...options, quote(`hello from ${name}`)),
        });
        threads.push(
          await until(() => target.orchestrator.fleet.resumableSession(agent), 150_000, screen(target, name)),
        );
      }
      // Codex reached the endpoint as an agent: its model was offered Switchboard's agent tools, none of the human's.
      expect(fake.tools[0]).toEqual(
        expect.arrayContaining(['mcp__switchboard', 'message_send', 'agent_whoami']),
      );
      expect(fake.tools[0]).not.toContain('agent_spawn');
      // Each is the thread Codex recorded for that agent's run (its rollout file), and they differ.
      const rollouts = spawnSync('find', [join(codexHome, 'sessions'), '-name', 'rollout-*.jsonl'], {
        encoding: 'utf8',
      }).stdout;
      for (const thread of threads) expect(rollouts).toContain(`-${thread}.jsonl`);
      expect(threads[0]).not.toBe(threads[1]);
      // Codex resumes the first agent's thread by that id (cdx-b's is the folder's newest): its history comes back.
      // Asynchronously: the stand-in model answers from this process.
      await promisify(execFile)(
        CODEX,
        [
          'exec',
          '--skip-git-repo-check',
          '-c',
          provider,
          '-c',
          'model_provider=fake',
          'resume',
          threads[0]!,
          'again',
        ],
        {
          cwd,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, ...env },
        },
      );
      const [history] = asked(fake, 'again');
      expect(history).toContain('hello from cdx-a');
      expect(history).not.toContain('hello from cdx-b');
      expect(readdirSync(cwd)).toEqual([]);
    });
  },
);
