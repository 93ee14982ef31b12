/**
 * State detection benchmark (run: `npx tsx bench/state-detection.ts`; full counts with STRESS=1).
 *  1. Latency, heuristic path: a keystroke that changes a real bash pane's screen (prompt ⇄
 *     "Continue? " question, no shell integration: only the screen tells) on the embedded iTerm2-API
 *     server → (a) the server's own screen-update notification reaching the host (baseline, same run)
 *     and (b) the `health.state_changed` event, with 1 and with N agents changing at once. (b) includes
 *     the adaptive debounce by design; the table also shows (b) − (a) − debounceMs, the cost of
 *     reading the screen, detecting and publishing.
 *  1b. Latency, high-confidence paths, N agents at once: a bash with OSC 133 shell integration runs
 *     `false` / `true` (the marks say error / idle), then `exit` (process exit), and each agent reports
 *     a Claude Code `Stop` hook (in-process `health.reportHook`): no debounce applies. Baseline in the
 *     same run: the same shells and keystrokes in bare node-pty (bench/support/pty-baseline.ts), the
 *     floor under the server's mark and exit events. The exits again on fresh shells: on a client reading every
 *     frame as it comes (coalescing 0), and with all the keystrokes written at once, as the baseline writes them
 *     (the exits then come together however fast the answers are: the serial legs' exits spread or bunch up by a
 *     race, so each leg's keystroke spread, first → last, is reported too). The all-at-once burst again past a first
 *     one (host and server warm), and with no host at all (bench/support/exit-floor.ts: the floor under it).
 *  2. Host CPU (this process; the shells are other processes) over a window
 *     with N idle agents and with N printing agents (10 lines/s each), with state detection on, and
 *     the same panes with detection switched off: the ratio is what detection costs. Over the same
 *     windows, screen reads core made per pane per second against the server's screen updates.
 * SIM_SERVER=process runs the embedded iTerm2-API server in a process of its own, as iTerm2 is in real use (its
 * CPU is then reported beside the host's); SIM_SERVER=embedded (the default) in this process, as before.
 * Prints JSON and a table; writes bench/results/state-detection.json.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_TIMINGS, type BackendEvent } from '../packages/core/src/index';
import { report, summarize, size } from './stats';
import { exitFloor } from './support/exit-floor';
import { bareShellRounds } from './support/pty-baseline';
import { BENCH_BASH, simStack, type SimStack } from './support/sim-stack';
import { mainThreadCpuMs } from './support/main-thread-cpu';
import { spawnShells, typeAll, waitFor, type Sample, type Typing } from './support/typing-agents';

const STRESS = process.env['STRESS'] === '1';
const MANY = size('LATENCY_AGENTS', 20, { stress: 100, smoke: 2 });
const CPU_AGENTS = size('CPU_AGENTS', 20, { stress: 200, smoke: 2 });
const ROUNDS_ONE = size('ROUNDS_ONE', 20, { stress: 60, smoke: 2 });
const ROUNDS_MANY = size('ROUNDS_MANY', 4, { stress: 10, smoke: 1 });
const CPU_WINDOW_MS = size('CPU_WINDOW_MS', 4_000, { stress: 10_000, smoke: 500 });
/** The server in a process of its own (SIM_SERVER=process) or in this one (embedded, the default). */
const SERVER_PROCESS = process.env['SIM_SERVER'] === 'process';
const stack = (coalesceMs?: number) =>
  simStack({ serverProcess: SERVER_PROCESS, ...(coalesceMs === undefined ? {} : { coalesceMs }) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The same quiet bash with OSC 133 shell integration: D (last status) + A before the prompt, B after it, C before a command. */
const OSC_BASH = BENCH_BASH.replace(
  `PS1='$ '`,
  () => `PS1='\\[\\e]133;D;$?\\a\\e]133;A\\a\\]$ \\[\\e]133;B\\a\\]' PS0='\\e]133;C\\a'`,
);

type Stack = SimStack;

/** One round: every agent's screen flips to the other state; returns per-agent latencies. */
async function flipAll(s: Stack, agents: { id: string; paneId: string }[], toQuestion: boolean) {
  return typeAll(
    s,
    agents,
    toQuestion ? 'read -p "Continue? " x\r' : '\r',
    toQuestion ? 'waiting_for_input' : 'idle',
  );
}

async function latency(count: number, rounds: number) {
  const s = await stack();
  try {
    const agents = await spawnShells(s, count, `lat${count}`);
    await waitFor(() => agents.every((a) => s.orchestrator.health.get(a.id).state === 'idle'), 60_000);
    const samples: Sample[] = [];
    // Between flips, a pause longer than twice the debounce: a state left for the one before it sooner than that is
    // a flicker by definition (docs/state-detection.md) and lengthens the hold; back-to-back flips measured that rule.
    const settle = () => sleep(2 * DEFAULT_TIMINGS.debounceMs + 50);
    for (let r = 0; r < rounds; r++) {
      samples.push(...(await flipAll(s, agents, true)));
      await settle();
      samples.push(...(await flipAll(s, agents, false)));
      await settle();
    }
    return samples;
  } finally {
    await s.close();
  }
}

/**
 * The high-confidence paths at `count` agents: OSC 133 marks (`false` → error, `true` → idle), a hook
 * report (in process, as the hook handler calls it) and process exit. None waits a debounce.
 */
/** The mark that decides after a command: the prompt drawn again (OSC 133 B, after D with the exit status). */
const atPrompt = (event: BackendEvent) => event.type === 'pane.prompt' && event.phase === 'prompt';

async function explicitSignals(count: number, rounds: number) {
  const s = await stack();
  try {
    const agents = await spawnShells(s, count, `osc${count}`, OSC_BASH);
    await waitFor(() => agents.every((a) => s.orchestrator.health.get(a.id).state === 'idle'), 60_000);
    const marks: Sample[] = [];
    for (let r = 0; r < rounds; r++) {
      marks.push(...(await typeAll(s, agents, 'false\r', 'error', atPrompt)));
      marks.push(...(await typeAll(s, agents, 'true\r', 'idle', atPrompt)));
    }
    const hooks: number[] = [];
    const heard = new Map<string, number>();
    const off = s.orchestrator.subscribe((event) => {
      if (
        event.type === 'health.state_changed' &&
        event.health.state === 'working' &&
        !heard.has(event.agentId)
      )
        heard.set(event.agentId, performance.now());
    });
    for (const agent of agents) {
      const sent = performance.now();
      await s.orchestrator.invoke({ kind: 'agent', id: agent.id }, 'health.reportHook', {
        event: 'UserPromptSubmit',
      });
      await waitFor(() => heard.has(agent.id));
      hooks.push(heard.get(agent.id)! - sent);
    }
    off();
    const pausesBefore = s.backend.client.readPauses;
    const exits = await typeAll(s, agents, 'exit\r', 'exited', (e) => e.type === 'pane.exited');
    return { marks, hooks, exits, exitPauses: s.backend.client.readPauses - pausesBefore };
  } finally {
    await s.close();
  }
}

/**
 * Exits alone on fresh shells: on a client that reads every frame as it comes (coalescing 0), or with every
 * keystroke written at once (`atOnce`, as the bare node-pty baseline does). Typed one after another, the exits
 * spread or bunch up by a race (the next keystroke waits for the answer to the last, which waits behind the first
 * exits' frames once they come), so the serial leg's spread is reported beside it (docs/performance.md).
 */
async function exitsAlone(count: number, options: { coalesceMs?: number; typing?: Typing; bursts?: number }) {
  const s = await stack(options.coalesceMs);
  try {
    const bursts = [];
    for (let b = 0; b < (options.bursts ?? 1); b++) {
      if (b > 0) await sleep(1500); // the last burst's terminals torn down (once panes stop closing)
      const agents = await spawnShells(s, count, `exit${count}-${b}`, OSC_BASH);
      await waitFor(() => agents.every((a) => s.orchestrator.health.get(a.id).state === 'idle'), 60_000);
      const exited = (e: BackendEvent) => e.type === 'pane.exited';
      const before = { host: mainThreadCpuMs(), server: s.serverPid && mainThreadCpuMs(s.serverPid) };
      const samples = await typeAll(s, agents, 'exit\r', 'exited', exited, options.typing);
      const after = { host: mainThreadCpuMs(), server: s.serverPid && mainThreadCpuMs(s.serverPid) };
      /** Main threads from the first keystroke to the last agent's `exited` (ms; NaN where not known). */
      const over = (a?: number, b?: number) => (a === undefined || b === undefined ? NaN : b - a);
      bursts.push(
        Object.assign(samples, {
          hostMainMs: over(before.host, after.host),
          serverMainMs: over(before.server, after.server),
        }),
      );
    }
    return bursts;
  } finally {
    await s.close();
  }
}

/** Over a window: screen reads core made and screen updates the server sent, per pane per second. */
function readsOver(s: Stack, paneIds: readonly string[], windowMs: number) {
  const panes = new Set(paneIds);
  const readsBefore = paneIds.reduce((sum, id) => sum + (s.reads.get(id) ?? 0), 0);
  let updates = 0;
  const off = s.backend.onEvent((event) => {
    if (event.type === 'pane.output' && panes.has(event.paneId)) updates++;
  });
  const t0 = performance.now();
  return sleep(windowMs).then(() => {
    off();
    const seconds = (performance.now() - t0) / 1000;
    const reads = paneIds.reduce((sum, id) => sum + (s.reads.get(id) ?? 0), 0) - readsBefore;
    return { reads: reads / paneIds.length / seconds, updates: updates / paneIds.length / seconds };
  });
}

/** This process's CPU and, when it has its own process, the server's, over a window (% of one core). */
function cpuOver(s: Stack, windowMs: number): Promise<{ host: number; server: number }> {
  const start = process.cpuUsage();
  const server0 = s.serverCpuMs();
  const t0 = performance.now();
  return sleep(windowMs).then(() => {
    const used = process.cpuUsage(start);
    const ms = performance.now() - t0;
    const server = server0 === undefined ? NaN : ((s.serverCpuMs()! - server0) / ms) * 100;
    return { host: ((used.user + used.system) / 1000 / ms) * 100, server };
  });
}

async function cpu(count: number) {
  const s = await stack();
  try {
    const idle = await spawnShells(s, count, 'idle');
    await waitFor(() => idle.every((a) => s.orchestrator.health.get(a.id).state === 'idle'), 120_000);
    await sleep(1000);
    const idleOn = await cpuOver(s, CPU_WINDOW_MS);
    for (const agent of idle)
      await s.backend.sendText(
        agent.paneId,
        // `read -t` (a bash builtin, nobody types) paces the loop: a `sleep` process per line would be
        // 2,000 forks a second at 200 agents, a load the host's CPU figure would not show.
        'while true; do echo "building module $RANDOM"; read -t 0.1; done\r',
      );
    await waitFor(() => idle.every((a) => s.orchestrator.health.get(a.id).state === 'working'), 120_000);
    const [printingOn, perPane] = await Promise.all([
      cpuOver(s, CPU_WINDOW_MS),
      readsOver(
        s,
        idle.map((a) => a.paneId),
        CPU_WINDOW_MS,
      ),
    ]);
    s.orchestrator.health.close(); // same panes, same output, no state detection
    const [printingOff, perPaneOff] = await Promise.all([
      cpuOver(s, CPU_WINDOW_MS),
      readsOver(
        s,
        idle.map((a) => a.paneId),
        CPU_WINDOW_MS,
      ),
    ]);
    return { idleOn, printingOn, printingOff, perPane, perPaneOff };
  } finally {
    await s.close();
  }
}

const one = await latency(1, ROUNDS_ONE);
const many = await latency(MANY, ROUNDS_MANY);
const explicit = await explicitSignals(MANY, ROUNDS_MANY);
const exitsUncoalesced = (await exitsAlone(MANY, { coalesceMs: 0 }))[0]!;
// The second burst on fresh shells: a host and server that have run the exit path before (a long-running pair).
const atOnceBursts = await exitsAlone(MANY, { typing: 'atOnce', bursts: 2 });
const [exitsAtOnce, exitsAtOnceWarm] = [atOnceBursts[0]!, atOnceBursts[1]!];
const floor = await exitFloor(MANY, OSC_BASH, { serverProcess: SERVER_PROCESS, bursts: 2 });
// The same with the client reading every frame as it comes: what its read coalescing adds to the floor.
const floorEveryFrame = await exitFloor(MANY, OSC_BASH, {
  serverProcess: SERVER_PROCESS,
  bursts: 2,
  coalesceMs: 0,
});
const bare = await bareShellRounds(MANY, ROUNDS_MANY, OSC_BASH);
const load = await cpu(CPU_AGENTS);
type Stats = ReturnType<typeof summarize>;
const ratio = (a: Stats, b: Stats) => ({
  n: a.n,
  p50: a.p50 / b.p50,
  p99: a.p99 / b.p99,
  mean: a.mean / b.mean,
});
const row = (samples: Sample[], pick: (x: Sample) => number) =>
  summarize(samples.map(pick).filter((x) => !Number.isNaN(x)));
const screen = (x: Sample) => x.screen;
const state = (x: Sample) => x.state;
const signal = (x: Sample) => x.signal;
const afterSignal = (x: Sample) => x.state - x.signal;
const beyondDebounce = (x: Sample) => x.state - x.screen - DEFAULT_TIMINGS.debounceMs;
const s1 = row(one, screen);
const d1 = row(one, state);
const sN = row(many, screen);
const dN = row(many, state);
const oscScreen = row(explicit.marks, screen);
const oscState = row(explicit.marks, state);
const oscSignal = row(explicit.marks, signal);
const exitSignal = row(explicit.exits, signal);
const bareMarks = summarize(bare.marks);
const bareExits = summarize(bare.exits);
const exitUncoalesced = row(exitsUncoalesced, signal);
const exitAtOnce = row(exitsAtOnce, signal);
const exitAtOnceWarm = row(exitsAtOnceWarm, signal);
const [floorCold, floorWarm] = [summarize(floor[0]!.latencies), summarize(floor[1]!.latencies)];
/** First keystroke → last of a leg (ms): short, and the exits come together; long, and they spread. */
const spread = (samples: Sample[]) => Math.max(...samples.map((x) => x.sentAfter));
await report(
  'state-detection',
  {
    '1 agent, screen: keystroke → server screen update (ms)': { ...s1 },
    '1 agent, screen: keystroke → health.state_changed (ms)': { ...d1 },
    '1 agent, screen: cost beyond debounceMs (ms)': { ...row(one, beyondDebounce) },
    [`${MANY} agents, screen: keystroke → server screen update (ms)`]: { ...sN },
    [`${MANY} agents, screen: keystroke → health.state_changed (ms)`]: { ...dN },
    [`${MANY} agents, screen: cost beyond debounceMs (ms)`]: { ...row(many, beyondDebounce) },
    [`${MANY} agents, OSC 133: keystroke → server screen update (ms)`]: { ...oscScreen },
    [`${MANY} agents, OSC 133: keystroke → mark event (ms)`]: { ...oscSignal },
    [`${MANY} shells in bare node-pty, OSC 133: keystroke → prompt mark bytes (ms, baseline)`]: {
      ...bareMarks,
    },
    [`${MANY} agents, OSC 133: keystroke → health.state_changed (ms)`]: { ...oscState },
    [`${MANY} agents, OSC 133: mark event → health.state_changed (ms)`]: {
      ...row(explicit.marks, afterSignal),
    },
    [`${MANY} agents, exit: keystroke → exit event (ms)`]: { ...exitSignal },
    [`${MANY} shells in bare node-pty, exit: keystroke → node-pty exit (ms, baseline)`]: { ...bareExits },
    [`${MANY} agents, exit, client reading every frame as it comes (coalescing 0): keystroke → exit event (ms)`]:
      {
        ...exitUncoalesced,
      },
    [`${MANY} agents, exit, every keystroke written at once (as the baseline): keystroke → exit event (ms)`]:
      {
        ...exitAtOnce,
      },
    [`${MANY} agents, exit, every keystroke written at once: keystroke → health.state_changed (ms)`]: {
      ...row(exitsAtOnce, state),
    },
    [`${MANY} agents, exit, every keystroke written at once: the host's main thread over the burst (ms)`]: {
      total: exitsAtOnce.hostMainMs,
      'per exit': exitsAtOnce.hostMainMs / exitsAtOnce.length,
    },
    [`${MANY} agents, exit, every keystroke written at once, host and server past a first burst: keystroke → exit event (ms)`]:
      { ...exitAtOnceWarm },
    [`${MANY} agents, exit, every keystroke written at once, past a first burst: keystroke → health.state_changed (ms)`]:
      { ...row(exitsAtOnceWarm, state) },
    [`${MANY} shells on the server, no host (the client alone), exit all at once: keystroke → exit event (ms, floor)`]:
      { ...floorCold },
    [`${MANY} shells on the server, no host, exit all at once, server past a first burst: keystroke → exit event (ms, floor)`]:
      { ...floorWarm },
    [`${MANY} shells on the server, no host, exit all at once, client reading every frame as it comes: keystroke → exit event (ms, floor)`]:
      { ...summarize(floorEveryFrame[0]!.latencies) },
    [`${MANY} shells on the server, no host, exit all at once, every frame as it comes, past a first burst: keystroke → exit event (ms, floor)`]:
      { ...summarize(floorEveryFrame[1]!.latencies) },
    [`${MANY} exits at once: main threads over the burst (ms), server's first burst / past a first burst`]: {
      host: exitsAtOnce.hostMainMs,
      'host, past a first burst': exitsAtOnceWarm.hostMainMs,
      'server (under the host)': exitsAtOnce.serverMainMs,
      'server (under the host), past a first burst': exitsAtOnceWarm.serverMainMs,
      'server, no host': floor[0]!.serverMainMs,
      'server, no host, past a first burst': floor[1]!.serverMainMs,
    },
    [`${MANY} agents, exit: keystrokes' spread, first → last (ms)`]: {
      'one after another': spread(explicit.exits),
      'every frame as it comes': spread(exitsUncoalesced),
      'all at once': spread(exitsAtOnce),
      'all at once, past a first burst': spread(exitsAtOnceWarm),
    },
    [`${MANY} agents, exit one after another: the host client's read pauses while the exits came`]: {
      pauses: explicit.exitPauses,
    },
    [`${MANY} agents, exit: keystroke → health.state_changed (ms)`]: { ...row(explicit.exits, state) },
    [`${MANY} agents, exit: exit event → health.state_changed (ms)`]: { ...row(explicit.exits, afterSignal) },
    [`${MANY} agents, hook: health.reportHook → health.state_changed, in process (ms)`]: {
      ...summarize(explicit.hooks),
    },
    'ratio state / screen update, screen (1 agent)': ratio(d1, s1),
    [`ratio state / screen update, screen (${MANY} agents)`]: ratio(dN, sN),
    [`ratio state / screen update, OSC 133 (${MANY} agents)`]: ratio(oscState, oscScreen),
    [`ratio mark event / bare node-pty mark (${MANY} agents)`]: ratio(oscSignal, bareMarks),
    [`ratio exit event / bare node-pty exit (${MANY} agents)`]: ratio(exitSignal, bareExits),
    [`ratio exit event, keystrokes all at once / bare node-pty exit (${MANY} agents)`]: ratio(
      exitAtOnce,
      bareExits,
    ),
    [`ratio exit event, keystrokes all at once / the same with no host (floor) (${MANY} agents)`]: ratio(
      exitAtOnce,
      floorCold,
    ),
    [`ratio exit event, all at once past a first burst / the same with no host (floor) (${MANY} agents)`]:
      ratio(exitAtOnceWarm, floorWarm),
    [`ratio exit event, coalesced reads / every frame as it comes (${MANY} agents)`]: ratio(
      exitSignal,
      exitUncoalesced,
    ),
    [`host CPU % with ${CPU_AGENTS} agents${SERVER_PROCESS ? '' : ' (host and embedded server)'}`]: {
      idle: load.idleOn.host,
      printing: load.printingOn.host,
      'printing, detection off': load.printingOff.host,
      'ratio on/off printing': load.printingOn.host / load.printingOff.host,
    },
    ...(SERVER_PROCESS
      ? {
          [`server process CPU % with ${CPU_AGENTS} agents`]: {
            idle: load.idleOn.server,
            printing: load.printingOn.server,
            'printing, detection off': load.printingOff.server,
          },
        }
      : {}),
    [`screen reads per pane per second, ${CPU_AGENTS} agents printing`]: {
      'reads (all consumers)': load.perPane.reads,
      'server screen updates': load.perPane.updates,
      'ratio reads / updates': load.perPane.reads / load.perPane.updates,
      'reads, detection off (prompts, recorder)': load.perPaneOff.reads,
    },
  },
  {
    debounceMs: DEFAULT_TIMINGS.debounceMs,
    flickerDebounceMs: DEFAULT_TIMINGS.flickerDebounceMs,
    loadAverage: loadavg(),
    latencyAgents: MANY,
    cpuAgents: CPU_AGENTS,
    cpuWindowMs: CPU_WINDOW_MS,
    stress: STRESS,
    server: SERVER_PROCESS ? 'a process of its own' : 'embedded in the bench process',
  },
);
process.exit(0);
