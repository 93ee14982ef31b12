// Regenerates the captured screen fixtures in packages/core/test/fixtures/screens/{claude,shell}:
// real Claude Code (offline, against a scripted local model) and real bash, each running in a pane of
// the embedded iTerm2-API server, read back through ITerm2Backend exactly as the host reads them.
//   npx tsx packages/host/test/health/capture-screens.ts [claude|shell]
// Codex and Gemini CLI are not installed here; their fixtures are hand-written (see each file).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { humanCaller, type AgentKind } from '@switchboard/protocol';
import type { ScreenSnapshot } from '@switchboard/core';
import { claudeSandbox, CLAUDE_BIN, submitToClaude } from './support/claude-env';
import { screenText, sleep, startEmbeddedHost, until } from './support/embedded-stack';
import { startScriptedModel, type ModelTurn } from '../../../../test/support/scripted-model';
import type { Host } from '../../src/index';

const OUT = fileURLToPath(new URL('../../../core/test/fixtures/screens/', import.meta.url));
const CLAUDE_VERSION = '2.1.328';

interface Fixture {
  cli: string;
  state: string;
  name: string;
  source: 'captured' | 'hand-written';
  provenance: string;
  /** What the fixture adds beyond the screen (process exit, prompt marks, output recency). */
  evidence?: Record<string, unknown>;
  cols: number;
  rows: number;
  cursor: ScreenSnapshot['cursor'];
  lines: string[];
}

function save(fixture: Fixture): void {
  mkdirSync(`${OUT}${fixture.cli}`, { recursive: true });
  const path = `${OUT}${fixture.cli}/${fixture.name}.json`;
  writeFileSync(path, JSON.stringify(fixture, null, 2) + '\n');
  console.log(`wrote ${path}\n${fixture.lines.map((l) => `  | ${l}`).join('\n')}`);
}

async function spawn(host: Host, name: string, kind: AgentKind, command: string) {
  const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name, kind, command })) as {
    paneId: string;
  };
  return agent.paneId;
}

/** Waits until the screen matches, then gives it a moment to finish drawing and reads it again. */
async function capture(
  host: Host,
  paneId: string,
  matches: (text: string) => boolean,
  timeoutMs = 30_000,
): Promise<ScreenSnapshot> {
  await until(
    async () => matches(screenText(await host.backend.readScreen(paneId))) || undefined,
    timeoutMs,
    async () => screenText(await host.backend.readScreen(paneId)),
  );
  await sleep(300);
  const screen = await host.backend.readScreen(paneId);
  if (!matches(screenText(screen))) throw new Error(`screen changed while settling:\n${screenText(screen)}`);
  return screen;
}

/** The pane's process is gone (the pane may stay, showing its last screen, or close). */
async function untilExited(host: Host, paneId: string, what: string): Promise<void> {
  await until(
    async () => {
      const pane = (await host.backend.listPanes()).find((p) => p.id === paneId);
      return !pane || !pane.alive || undefined;
    },
    20_000,
    () => `${what} did not exit`,
  );
}

const trimmed = (screen: ScreenSnapshot) => ({
  cursor: screen.cursor,
  lines: screen.lines.map((l) => l.trimEnd()),
});
const provenance = (what: string) =>
  `captured from ${what} in a pane of the embedded iTerm2-API server (80x25) by packages/host/test/health/capture-screens.ts`;

const only = process.argv[3];

async function claudeScenario(
  name: string,
  state: string,
  turns: ModelTurn[],
  steps: (io: {
    host: Host;
    paneId: string;
    type: (text: string) => Promise<void>;
  }) => Promise<ScreenSnapshot>,
  options: { approveKey?: boolean; evidence?: Record<string, unknown> } = {},
) {
  if (only && only !== name) return;
  const model = await startScriptedModel(turns);
  const host = await startEmbeddedHost();
  try {
    const sandbox = claudeSandbox({
      modelUrl: model.url,
      ...(options.approveKey === undefined ? {} : { approveKey: options.approveKey }),
    });
    const paneId = await spawn(host, `claude-${name}`, 'claude', sandbox.command);
    const type = (text: string) => submitToClaude(host.backend, paneId, text);
    const screen = await steps({ host, paneId, type });
    save({
      cli: 'claude',
      state,
      name,
      source: 'captured',
      ...(options.evidence ? { evidence: options.evidence } : {}),
      provenance: provenance(
        `Claude Code ${CLAUDE_VERSION} (${CLAUDE_BIN.split('/').slice(-3).join('/')}) against a scripted local model`,
      ),
      cols: 80,
      rows: 25,
      ...trimmed(screen),
    });
  } catch (error) {
    console.error(JSON.stringify(model.requests, null, 1));
    throw error;
  } finally {
    await host.close();
    await model.close();
  }
}

const INPUT_BOX = (t: string) => /^❯/m.test(t) && /for shortcuts/.test(t);

async function captureClaude(): Promise<void> {
  // Claude Code draws its banner and input box in one frame, so "starting" is the screen before it draws
  // anything: no pattern, and the state stays what spawning set.
  await claudeScenario('starting', 'starting', [], async ({ host, paneId }) =>
    host.backend.readScreen(paneId),
  );
  await claudeScenario('idle', 'idle', [], async ({ host, paneId }) => capture(host, paneId, INPUT_BOX));
  let release!: () => void;
  const hold = new Promise<void>((r) => (release = r));
  await claudeScenario(
    'working',
    'working',
    [{ kind: 'text', text: 'Looking at the project layout before I change anything.', hold }],
    async ({ host, paneId, type }) => {
      await capture(host, paneId, INPUT_BOX);
      await type('summarise this project');
      const screen = await capture(host, paneId, (t) => /esc to interrupt/i.test(t) && /…/.test(t));
      release();
      return screen;
    },
  );
  await claudeScenario(
    'waiting_for_input-permission',
    'waiting_for_input',
    [
      {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: 'touch build-output.txt', description: 'Create the build output file' },
      },
      { kind: 'text', text: 'Created the file.' },
    ],
    async ({ host, paneId, type }) => {
      await capture(host, paneId, INPUT_BOX);
      await type('create the build output file');
      return capture(host, paneId, (t) => /Do you want to proceed\?/.test(t));
    },
  );
  await claudeScenario(
    'waiting_for_input-api-key',
    'waiting_for_input',
    [],
    async ({ host, paneId }) => capture(host, paneId, (t) => /Do you want to use this API key\?/.test(t)),
    { approveKey: false },
  );
  await claudeScenario(
    'error',
    'error',
    Array.from({ length: 6 }, (): ModelTurn => ({
      kind: 'error',
      status: 400,
      type: 'invalid_request_error',
      message: 'scripted failure for the error fixture',
    })),
    async ({ host, paneId, type }) => {
      await capture(host, paneId, INPUT_BOX);
      await type('do the thing');
      return capture(host, paneId, (t) => /API Error|scripted failure/i.test(t) && /for shortcuts/.test(t));
    },
  );
  // The embedded server closes a pane whose process ended, so the exited fixture is the last screen read
  // before the process went away; the state comes from the process signal (evidence.alive = false).
  await claudeScenario(
    'exited',
    'exited',
    [],
    async ({ host, paneId }) => {
      await capture(host, paneId, INPUT_BOX);
      await host.backend.sendText(paneId, '/exit');
      const last = await capture(host, paneId, (t) => /❯ \/exit/.test(t));
      await host.backend.sendText(paneId, '\r');
      await untilExited(host, paneId, 'claude');
      return last;
    },
    { evidence: { alive: false } },
  );
}

const BASH = `env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='$ ' bash --norc --noprofile`;

async function shellScenario(
  name: string,
  state: string,
  steps: (io: { host: Host; paneId: string }) => Promise<ScreenSnapshot>,
  evidence?: Record<string, unknown>,
  command = BASH,
): Promise<void> {
  const host = await startEmbeddedHost();
  try {
    const paneId = await spawn(host, `shell-${name}`, 'shell', command);
    const screen = await steps({ host, paneId });
    save({
      cli: 'shell',
      state,
      name,
      source: 'captured',
      provenance: provenance('bash (--norc, PS1="$ ")'),
      ...(evidence ? { evidence } : {}),
      cols: 80,
      rows: 25,
      ...trimmed(screen),
    });
  } finally {
    await host.close();
  }
}

async function captureShell(): Promise<void> {
  const prompt = (t: string) => /\$ *$/.test(t.trimEnd());
  // A shell that takes a moment to start (like a login shell with a heavy rc file): nothing on screen yet.
  await shellScenario(
    'starting',
    'starting',
    async ({ host, paneId }) => host.backend.readScreen(paneId),
    undefined,
    `sleep 2; exec ${BASH}`,
  );
  await shellScenario('idle', 'idle', async ({ host, paneId }) => capture(host, paneId, prompt));
  await shellScenario(
    'working',
    'working',
    async ({ host, paneId }) => {
      await capture(host, paneId, prompt);
      await host.backend.sendText(
        paneId,
        'for i in $(seq 1 400); do echo "compiling module $i of 400"; sleep 0.02; done\r',
      );
      return capture(host, paneId, (t) => /compiling module 3\d of 400/.test(t));
    },
    { lastOutputAgoMs: 20 },
  );
  await shellScenario(
    'waiting_for_input',
    'waiting_for_input',
    async ({ host, paneId }) => {
      await capture(host, paneId, prompt);
      await host.backend.sendText(paneId, 'read -p "Deploy to production? [y/N] " answer\r');
      return capture(host, paneId, (t) => /\[y\/N\] *$/.test(t.trimEnd() + ' '));
    },
    { prompt: { phase: 'running' } },
  );
  await shellScenario(
    'error',
    'error',
    async ({ host, paneId }) => {
      await capture(host, paneId, prompt);
      await host.backend.sendText(paneId, 'ls /no/such/folder\r');
      return capture(host, paneId, (t) => /No such file/.test(t) && prompt(t));
    },
    {
      prompt: { phase: 'prompt', lastExitStatus: 2 },
      note: 'exit status from OSC 133;D (bash here has no shell integration, so the mark is supplied as evidence)',
    },
  );
  await shellScenario(
    'exited',
    'exited',
    async ({ host, paneId }) => {
      await capture(host, paneId, prompt);
      await host.backend.sendText(paneId, 'echo bye; exit 0');
      const last = await capture(host, paneId, (t) => /exit 0 *$/.test(t.trimEnd()));
      await host.backend.sendText(paneId, '\r');
      await untilExited(host, paneId, 'bash');
      return last;
    },
    { alive: false },
  );
}

const which = process.argv[2];
if (!which || which === 'shell') await captureShell();
if (!which || which === 'claude') await captureClaude();
process.exit(0);
