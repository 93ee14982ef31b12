// The adaptive debounce with real bash shells on the embedded iTerm2-API server (docs/state-detection.md,
// "Debounce, events, badge"): a change on a settled screen is taken after the short hold; a spinner that
// flips the screen between two verdicts faster than twice the short hold is held longer and longer and
// stops changing the state, where a fixed short hold flaps all along.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator, type HealthTimings, type Orchestrator } from '@switchboard/core';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer, type SimServer } from '@switchboard/iterm-bridge/sim';
import { humanCaller, type AgentState, type SwitchboardEvent } from '@switchboard/protocol';
import { quote } from '../support/shell-words';
import { sleep, until } from './support/embedded-stack';

const BASH = `env -i PATH=/usr/bin:/bin HOME=/tmp HISTFILE=/dev/null TERM=xterm-256color PS1='$ ' bash --norc --noprofile`;
/**
 * The spinner's frames and the short hold, in the default's proportion (100 ms hold, 150 ms frames), four times
 * longer: a frame must be seen to outlast the hold (or the fixed hold never flaps) and to be reversed within twice
 * it (or it is no flicker), and the host sees each frame when its read arrives. At 150 ms frames the margins were
 * 50 ms each way, and a loaded host's reads came later than that (docs/performance.md "Session 18: flakes").
 */
const FRAME_MS = 600;
/** Flips the cursor line between a question (waiting_for_input) and a spinner frame (output: working) every frame. */
const SPINNER = `bash --norc --noprofile -c ${quote(
  `while :; do printf "\\rContinue? "; sleep ${FRAME_MS / 1000}; printf "\\r| working "; sleep ${FRAME_MS / 1000}; done`,
)}`;
/** Short hold 400 ms; the longest hold far above a frame, so "fast" and "held" cannot be confused under load. */
const ADAPTIVE: Partial<HealthTimings> = {
  debounceMs: 400,
  flickerDebounceMs: 3_000,
  flickerWindowMs: 3_000,
};
/** The same short hold that never grows: what the adaptation prevents. */
const FIXED: Partial<HealthTimings> = { debounceMs: 400, flickerDebounceMs: 400, flickerWindowMs: 3_000 };
/** How long each spinner is watched from its first change. */
const WATCH_MS = 8_000;

interface Stack {
  orchestrator: Orchestrator;
  backend: ITerm2Backend;
  server: SimServer;
  folder: string;
}

describe('adaptive debounce on real shells (embedded iTerm2-API server)', () => {
  let stack: Stack | undefined;
  async function stop(): Promise<void> {
    const s = stack;
    stack = undefined;
    if (!s) return;
    await s.orchestrator.close();
    await s.backend.close();
    await s.server.close();
    rmSync(s.folder, { recursive: true, force: true });
  }
  afterEach(stop);

  async function start(healthTimings: Partial<HealthTimings>): Promise<Stack> {
    const folder = mkdtempSync(join(tmpdir(), 'sb-adaptive-'));
    const socketPath = join(folder, 'sim.sock');
    const server = await startSimServer({ unixPath: socketPath });
    const backend = await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, healthTimings });
    return { orchestrator, backend, server, folder };
  }

  /** Every state the agent changed to, with when (performance.now()). */
  function changesOf(orchestrator: Orchestrator, agentId: string) {
    const changes: { state: AgentState; at: number }[] = [];
    orchestrator.subscribe((event: SwitchboardEvent) => {
      if (event.type === 'health.state_changed' && event.agentId === agentId)
        changes.push({ state: event.health.state, at: performance.now() });
    });
    return changes;
  }

  async function spawn(s: Stack, name: string, command: string) {
    return (await s.orchestrator.invoke(humanCaller, 'agent.spawn', { name, kind: 'shell', command })) as {
      id: string;
      paneId: string;
    };
  }

  const stateOf = (s: Stack, agentId: string) => s.orchestrator.health.get(agentId).state;

  it('a settled screen decides after the short hold, not the long one', async () => {
    stack = await start(ADAPTIVE);
    const s = stack;
    const agent = await spawn(s, 'asker', BASH);
    await until(
      () => stateOf(s, agent.id) === 'idle' || undefined,
      30_000,
      () => stateOf(s, agent.id),
    );
    await sleep(3_500); // any flicker of the start-up is out of the window: the screen has settled
    const changes = changesOf(s.orchestrator, agent.id);
    let updatedAt: number | undefined;
    const off = s.backend.onEvent((event) => {
      if (event.type === 'pane.output' && event.paneId === agent.paneId) updatedAt ??= performance.now();
    });
    await s.backend.sendText(agent.paneId, 'read -p "Continue? " x\r');
    await until(
      () => changes.find((c) => c.state === 'waiting_for_input'),
      10_000,
      () => JSON.stringify(changes),
    );
    off();
    const decidedAfter = changes.find((c) => c.state === 'waiting_for_input')!.at - updatedAt!;
    // The short hold (400 ms) plus reading and deciding; the long hold would be 3,000 ms.
    expect(decidedAfter).toBeGreaterThanOrEqual(ADAPTIVE.debounceMs! - 5);
    expect(decidedAfter).toBeLessThan(ADAPTIVE.flickerDebounceMs!);
  }, 60_000);

  /** How many times a spinner agent's state changed over `windowMs`, from its first change on. */
  async function spinnerChanges(s: Stack, windowMs: number): Promise<number> {
    const agent = await spawn(s, 'spinner', SPINNER);
    const changes = changesOf(s.orchestrator, agent.id);
    await until(
      () => changes.length > 0 || undefined,
      30_000,
      () => stateOf(s, agent.id),
    );
    await sleep(windowMs);
    return changes.length;
  }

  it('a spinner flipping the verdict faster than twice the short hold stops changing the state; a fixed short hold flaps', async () => {
    stack = await start(ADAPTIVE);
    const adaptive = await spinnerChanges(stack, WATCH_MS);
    await stop();
    stack = await start(FIXED);
    const fixed = await spinnerChanges(stack, WATCH_MS);
    // Adaptive: the first change, a few more while the hold doubles (400, 800, 1,600 ms…), then none.
    expect(adaptive).toBeLessThanOrEqual(5);
    // Fixed 400 ms: every 600 ms frame holds long enough to be taken (about 14 in 8 s on a quiet machine).
    expect(fixed).toBeGreaterThan(2 * adaptive);
  }, 90_000);
});
