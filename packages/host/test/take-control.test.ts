// "Take control" from the terminal itself: a person's keystrokes in a pane, as the backend reports them,
// pause automated input to that pane for the quiet period; Switchboard's own writes never count as the
// person's. Real bash shells behind the embedded iTerm2-API server (its KeystrokeMonitor notifications)
// and behind a real tmux server (a person's client attached; tmux has no keystroke notification).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator, type TerminalBackend } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { TmuxBackend } from '@switchboard/tmux-bridge';
import { spawn as spawnPty } from 'node-pty';
import { SwitchboardError, humanCaller, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import { startSimWithBackend } from '../../iterm-bridge/test/backend/sim-backend';

const QUIET_MS = 3_000;

interface Terminal {
  backend: TerminalBackend;
  /** Types as the person at the terminal would, into the pane. */
  typeAsPerson(paneId: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/** The embedded iTerm2-API server: a person's typing arrives as KeystrokeMonitor notifications. */
async function embeddedServer(): Promise<Terminal> {
  const { server, backend, dispose } = await startSimWithBackend();
  return {
    backend,
    async typeAsPerson(paneId, text) {
      expect(server.type(paneId, text)).toBe(true);
    },
    close: dispose,
  };
}

const tmuxAvailable = spawnSync('tmux', ['-V']).status === 0;

/**
 * A private tmux server with a person's client attached in a real pseudo-terminal (`tmux attach`):
 * a person's typing is keys written into that client, into the pane it shows.
 */
async function tmuxServer(folder: string): Promise<Terminal> {
  const socketPath = join(folder, 'tmux.sock');
  const backend = await TmuxBackend.connect({ socketPath });
  const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socketPath, ...args], { encoding: 'utf8' });
  const person = spawnPty('tmux', ['-S', socketPath, 'attach', '-t', 'switchboard'], {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    env: { ...process.env, TMUX: '' },
  });
  person.onData(() => undefined);
  return {
    backend,
    async typeAsPerson(paneId, text) {
      // The person looks at that pane first, then types.
      const window = tmux('display-message', '-p', '-t', paneId, '#{window_id}').stdout.trim();
      tmux('select-window', '-t', window);
      tmux('select-pane', '-t', paneId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      person.write(text);
    },
    async close() {
      person.kill();
      await backend.close();
      tmux('kill-server');
    },
  };
}

/** Runs the take-control scenario against one backend. */
async function takeControlScenario(terminal: Terminal, orchestrator: Orchestrator): Promise<void> {
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((event) => events.push(event));
  const of = <T extends SwitchboardEvent['type']>(type: T) =>
    events.filter((e): e is EventOf<T> => e.type === type);
  const human = (name: string, input: unknown) => orchestrator.invoke(humanCaller, name, input);
  const spawn = async (name: string, role: string) =>
    (await human('agent.spawn', { name, kind: 'shell', command: '/bin/bash --norc --noprofile', role })) as {
      id: string;
      paneId: string;
    };
  const worker = await spawn('worker', 'builder');
  const boss = await spawn('boss', 'orchestrator');
  const screen = async () => (await terminal.backend.readScreen(worker.paneId)).lines.join('\n');
  await eventually(
    async () => (/[$#] *$/m.test(await screen()) ? true : undefined),
    60_000,
    'a shell prompt',
  );
  const send = (text: string) =>
    orchestrator.invoke({ kind: 'agent', id: boss.id }, 'pane.send', {
      targets: ['worker'],
      text,
      submit: true,
    });

  // Switchboard's own writes (an orchestrator's allowed pane.send) are not the person's keystrokes.
  await send('echo one-$((40+2))');
  await eventually(
    async () => ((await screen()).includes('one-42') ? true : undefined),
    30_000,
    'the first command ran',
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(of('pane.human_control')).toEqual([]);

  // The person types in the terminal: the pane is theirs for the quiet period, shown as pane.human_control.
  // (Spaces: what the person leaves on the line must not spoil the command typed after the quiet period.)
  await terminal.typeAsPerson(worker.paneId, '  ');
  const started = await eventually(
    () => of('pane.human_control').find((e) => e.paneId === worker.paneId && e.until !== null),
    10_000,
    'pane.human_control',
  );
  expect(started.agentId).toBe(worker.id);
  const refused = await send('echo two-$((40+2))').then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(SwitchboardError);
  expect(refused).toMatchObject({ code: 'conflict', details: { reason: 'human', paneId: worker.paneId } });
  expect(await screen()).not.toContain('two-42');

  // Once the quiet period ends, automated input flows again.
  await eventually(
    () => of('pane.human_control').find((e) => e.paneId === worker.paneId && e.until === null),
    QUIET_MS + 10_000,
    'the quiet period to end',
  );
  await send('echo three-$((40+2))');
  await eventually(
    async () => ((await screen()).includes('three-42') ? true : undefined),
    30_000,
    'the command after the quiet period ran',
  );
}

describe("take control: the person's keystrokes in the terminal pause automated input", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  /** The scenario on a fresh terminal and orchestrator, both torn down after the test. */
  async function run(start: (folder: string) => Promise<Terminal>) {
    const folder = mkdtempSync(join(tmpdir(), 'sb-take-control-'));
    const terminal = await start(folder);
    const orchestrator = createOrchestrator({
      databasePath: join(folder, 'db.sqlite'),
      backend: terminal.backend,
      humanQuietMs: QUIET_MS,
    });
    cleanup = async () => {
      await orchestrator.close();
      await terminal.close();
      rmSync(folder, { recursive: true, force: true });
    };
    await takeControlScenario(terminal, orchestrator);
  }

  it('iTerm2 (embedded iTerm2-API server): KeystrokeMonitor notifications', async () => {
    await run(embeddedServer);
  }, 180_000);

  it.runIf(tmuxAvailable)(
    "tmux (a real server, a person attached in a pseudo-terminal): the session's activity time",
    async () => {
      await run(tmuxServer);
    },
    180_000,
  );
});
