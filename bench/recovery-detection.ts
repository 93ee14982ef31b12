/**
 * Hang detection benchmark (run: `npx tsx bench/recovery-detection.ts`; 200 agents with STRESS=1).
 * N real bash agents on the embedded iTerm2-API server each start a command that prints one line and
 * then sleeps: `working`, then silent. With a hang threshold of T ms, each must become `hung` within
 * 1 s of (its last heartbeat + T). Measured per agent: the `health.state_changed → hung` event's arrival
 * minus (last heartbeat + T), all N going silent at about the same moment.
 * Host CPU (this process: host + embedded server; the shells are other processes) over the same
 * window, as a ratio against a baseline in the same run: the same panes running the same command with
 * the threshold set beyond the window (no agent goes hung: heartbeats and timers, no detections).
 * Automatic recovery is paused, so only detection is measured. Prints JSON and a table; writes
 * bench/results/recovery-detection.json.
 */
import { performance } from 'node:perf_hooks';
import { humanCaller, KEY_BYTES, type SwitchboardEvent } from '../packages/protocol/src/index';
import { report, summarize, size, SMOKE } from './stats';
import { BENCH_BASH, simStack } from './support/sim-stack';

const STRESS = process.env['STRESS'] === '1';
const AGENTS = size('AGENTS', 20, { stress: 200, smoke: 2 });
const THRESHOLD_MS = size('THRESHOLD_MS', 3_000, { smoke: 1_000 });
/**
 * The CPU window: from sending the commands until every agent should have been declared hung, plus a margin (a
 * shorter threshold and margin in the smoke run, where nothing is judged: each round waits the whole window).
 */
const WINDOW_MS = THRESHOLD_MS + (SMOKE ? 1_000 : 3_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASH = BENCH_BASH;
const SILENT_WORK = `printf 'compiling...\\n'; sleep 600\r`;

async function waitFor(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function cpuSince(start: NodeJS.CpuUsage, t0: number): number {
  const used = process.cpuUsage(start);
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100;
}

const s = await simStack();
try {
  const call = (name: string, input: unknown) => s.orchestrator.invoke(humanCaller, name, input);
  await call('health.pause', { reason: 'bench: detection only' });
  const agents: { id: string; paneId: string }[] = [];
  for (let i = 0; i < AGENTS; i++) {
    // A team per agent: each gets a window of its own (splitting one 80x25 window 200 times is impossible).
    await call('team.create', { name: `bench-team-${i}` });
    agents.push(
      (await call('agent.spawn', {
        name: `bench-${i}`,
        kind: 'shell',
        command: BASH,
        team: `bench-team-${i}`,
      })) as { id: string; paneId: string },
    );
  }
  const stateOf = (id: string) => s.orchestrator.health.get(id).state;
  await waitFor(() => agents.every((a) => stateOf(a.id) === 'idle'), 180_000, 'every shell at its prompt');

  /** Starts the silent command everywhere at once; returns the CPU % over the window and the hung events seen. */
  async function round(thresholdMs: number) {
    await call('recovery.configure', { hungAfterMs: { kinds: { shell: thresholdMs } } });
    const delays: number[] = [];
    const stop = s.orchestrator.subscribe((event: SwitchboardEvent) => {
      if (event.type !== 'health.state_changed' || event.health.state !== 'hung') return;
      const at = Date.now();
      const beat = s.orchestrator.health.lastHeartbeat(event.agentId);
      if (beat) delays.push(at - (beat.at + thresholdMs));
    });
    const start = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(agents.map((a) => s.backend.sendText(a.paneId, SILENT_WORK)));
    await sleep(WINDOW_MS);
    const cpu = cpuSince(start, t0);
    stop();
    const hung = agents.filter((a) => stateOf(a.id) === 'hung').length;
    // Back to the prompt for the next round.
    await Promise.all(agents.map((a) => s.backend.sendText(a.paneId, KEY_BYTES['ctrl+c'])));
    await waitFor(
      () => agents.every((a) => stateOf(a.id) === 'idle'),
      60_000,
      'every shell back at its prompt',
    );
    await sleep(500);
    return { cpu, delays, hung };
  }

  const baseline = await round(24 * 3_600_000);
  const detecting = await round(THRESHOLD_MS);
  const delay = summarize(detecting.delays);
  const within = detecting.delays.filter((d) => d <= 1000).length;
  await report(
    'recovery-detection',
    {
      [`${AGENTS} agents: hung event − (last heartbeat + threshold) (ms)`]: {
        n: delay.n,
        p50: delay.p50,
        p99: delay.p99,
        mean: delay.mean,
        max: Math.max(...detecting.delays),
      },
      [`${AGENTS} agents: declared hung`]: {
        'hung (detecting)': detecting.hung,
        'hung (baseline)': baseline.hung,
        'within 1 s': within,
        agents: AGENTS,
      },
      [`host CPU % over ${WINDOW_MS} ms`]: {
        baseline: baseline.cpu,
        detecting: detecting.cpu,
        'ratio detecting / baseline': detecting.cpu / baseline.cpu,
      },
    },
    { agents: AGENTS, thresholdMs: THRESHOLD_MS, windowMs: WINDOW_MS, stress: STRESS, targetMs: 1000 },
  );
} finally {
  await s.close();
}
process.exit(0);
