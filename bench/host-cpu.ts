/**
 * The host's own CPU while N agents print (issue 21: ≤ 10 % of a core at 200 agents), with the terminal in
 * another process as iTerm2 is in real use (run: `npm run bench host-cpu`; N = 20, STRESS=1: 200, smoke: 2,
 * AGENTS=n to choose; CPU_WINDOW_MS per window).
 * The embedded iTerm2-API server runs in a process of its own (bench/support/sim-process.ts); the host is the
 * real one (`startHost`: core, recorder, API and MCP servers, attached with `--backend iterm2 --iterm2-socket`),
 * in this process, with one WebSocket API client subscribed to its events as the UI is. Windows, in one run:
 *  1. N agents idle at their prompt;
 *  2. N agents printing (10 lines/s each): the host as it runs, after WARM_WINDOWS windows measured back to back
 *     (the first of them, V8 still optimizing the young process's printing path, is its own row);
 *  3. the same, state detection switched off;
 *  3a. the host restarted on the same data as before session 14: the iTerm2 client reading every frame as it
 *     comes (`iterm2CoalesceMs` 0) and busy panes read off the grid (`screenPace.busyGridMs` 0), so both are
 *     measured against it in the same run (session 12 measured the busy pace against the 250 ms pace here: docs/performance.md);
 *  3a''. the host restarted as it runs but with busy panes' reads patient (`screenPace.patientBusyReads` true,
 *     session 15's trial, off by default since the lead's quiet run: their answers wait in the socket with the
 *     frames of the client's read-coalescing window; HOST_CPU_SKIP=busyReadsPatient leaves it out);
 *  3a'. the host restarted on the same data as it runs, then again with read-backs of scrolled-past lines asking
 *     for the whole catch-up bound (recordings' `catchUpReadsBound`, before session 14) instead of the missed
 *     lines and a margin (both restarted: a restarted host's read-back budgets start full); 3a compares with
 *     the first of these;
 *  3b. the host restarted on the same data with recordings off (it adopts the same printing agents), with
 *     detection on and then off;
 *  4. baselines: the host gone, a bare ITerm2Backend (subscribed to every notification, reading nothing)
 *     attached instead — what any client pays to hear that screens changed — with reads coalesced (now) and
 *     every frame read as it comes (before), half a window each twice, alternating; then no client at all;
 *  5. two raw subscribers (a WebSocket and a frame decoder, nothing else), alternating: every frame decoded in
 *     full by the reflective protobuf decoder, as the iTerm2 client did before session 13, and screen updates
 *     read directly from their bytes, as it does now — the client's decoding, before and after, in one run.
 * Per window: this process's CPU (the host; the bench's own sampling is negligible), of which its main thread,
 * and the server process's, in % of one core, and the events the API client received per second; in the JSON, V8's
 * major GCs that ended in each window (their marking runs mostly on V8's helper threads: CPU off the main thread).
 * HOST_CPU_PROFILE=<file.cpuprofile>: V8 CPU profiles of the host over window 2 (that file) and window 1 (the idle
 * fleet: `<file>-idle.cpuprofile`).
 * Prints JSON and a table; writes bench/results/host-cpu.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startHost, type Host } from '../packages/host/src/index';
import { DEFAULT_SCREEN_PACE, type TerminalBackend } from '../packages/core/src/index';
import { DEFAULT_COALESCE_MS, ITerm2Backend, staticAuth } from '../packages/iterm-bridge/src/index';
import { API_PATH, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '../packages/protocol/src/index';
import { report, size, SMOKE, STRESS } from './stats';
import { spawnShellAgents } from './support/printers';
import {
  rawScreenSubscriber,
  type FrameDecoding,
  type RawScreenSubscriber,
} from './support/raw-screen-subscriber';
import { watchMajorGcs } from './support/major-gcs';
import { startSimProcess, threadsCpuMs, type SimProcess } from './support/sim-process';
import { phaseLog, sleep, waitFor } from './support/waiting';

const AGENTS = size('AGENTS', 20, { stress: 200, smoke: 2 });
const CPU_WINDOW_MS = size('CPU_WINDOW_MS', 5_000, { stress: 10_000, smoke: 500 });
/** `read -t` (a bash builtin) paces the loop: a `sleep` process per line would be N×10 forks a second. */
const PRINT_LOOP = 'while true; do echo "building module $RANDOM"; read -t 0.1; done\r';
/** Busy-pace reads on multiples of this (core's default; the leg "as before session 14" has 0: anywhere). */
const BUSY_GRID_MS = size('BUSY_GRID_MS', DEFAULT_SCREEN_PACE.busyGridMs, {
  smoke: DEFAULT_SCREEN_PACE.busyGridMs,
});
/** The busy pace of the hosts measured as they run (core's default; BUSY_INTERVAL_MS=2000 to try a slower one). */
const BUSY_INTERVAL_MS = size('BUSY_INTERVAL_MS', DEFAULT_SCREEN_PACE.busyIntervalMs, {
  smoke: DEFAULT_SCREEN_PACE.busyIntervalMs,
});
/**
 * The iTerm2 client's read coalescing window of the hosts as they run (its default; COALESCE_MS=n to try
 * another). The client before session 14 read every frame as it came: 0, measured in the same run.
 */
const COALESCE_MS = size('COALESCE_MS', DEFAULT_COALESCE_MS, { smoke: DEFAULT_COALESCE_MS });
/**
 * A pane printing this long is busy (core's `DEFAULT_SCREEN_PACE.busyAfterMs`, plus a margin). The smoke run
 * (nothing timed, only "it still runs") does not wait for the busy pace, nor for the idle host to settle.
 */
const BUSY_AFTER_MS = SMOKE ? 0 : DEFAULT_SCREEN_PACE.busyAfterMs + 1_000;
/**
 * Printing windows measured back to back on the host that spawned the agents before its headline window. The
 * process is young: V8 is still optimizing the printing path's functions (tens of optimizations per window,
 * falling to a few within a minute), and that work (main thread and compiler threads) read as the spawning
 * host's "extra" over the host restarted later in the same, warm process (docs/performance.md, session 16).
 * The first of these is the number measured before session 16; the series is in the JSON.
 */
const WARM_WINDOWS = size('WARM_WINDOWS', 4, { stress: 5, smoke: 0 });
/** How long the fleet rests at its prompts before the idle window. */
const IDLE_SETTLE_MS = size('IDLE_SETTLE_MS', 5_000, { smoke: 0 });
/**
 * Restarted legs left out of this run (HOST_CPU_SKIP=frameByFrame,readBackWhole; also busyReadsPatient,
 * readBackMissed, and recordingsOff with the window after it): each restart with
 * recordings on can take minutes on a loaded box. A skipped leg's numbers are NaN.
 */
const SKIPPED = new Set((process.env['HOST_CPU_SKIP'] ?? '').split(',').filter(Boolean));
const leg = (name: string, run: () => Promise<Window>): Promise<Window> =>
  SKIPPED.has(name)
    ? Promise.resolve({
        hostPercent: NaN,
        hostMainThreadPercent: NaN,
        hostThreads: {},
        majorGcs: NaN,
        majorGcPauseMs: NaN,
        serverPercent: NaN,
        eventsPerSecond: NaN,
        readsPerPane: NaN,
        decisionsPerPane: NaN,
        updatesPerPane: NaN,
      })
    : run();
/** Where the run's time goes (stderr): spawning and restarts, not only the windows. */
const phase = phaseLog('host-cpu');
const majorGcs = watchMajorGcs();

interface Window {
  hostPercent: number;
  /** Of which the host's main (JavaScript) thread; the rest is GC helpers, the libuv pool (zlib, fs), SQLite. */
  hostMainThreadPercent: number;
  /** The host's threads that used any CPU (`main`, then V8's and libuv's by id), % of a core each. */
  hostThreads: Record<string, number>;
  /** V8's full collections in the window (their marking is mostly on its helper threads), and their pauses (ms). */
  majorGcs: number;
  majorGcPauseMs: number;
  serverPercent: number;
  eventsPerSecond: number;
  /** Screen reads the host made per pane per second (NaN without a host). */
  readsPerPane: number;
  /** Times health decided an agent's evidence, per pane per second (NaN without a host). */
  decisionsPerPane: number;
  /** Screen-update notifications the attached client heard per pane per second (NaN with no client). */
  updatesPerPane: number;
}

/** A client whose screen updates are counted: a backend (its `pane.output` events) or a raw subscriber. */
type Listening = Pick<TerminalBackend, 'onEvent'> | RawScreenSubscriber;

/** Screen updates a client hears from now on. */
function countUpdates(client: Listening) {
  if (!('onEvent' in client)) {
    const from = client.updates;
    return {
      get count() {
        return client.updates - from;
      },
      stop: () => {},
    };
  }
  const counter = { count: 0, stop: () => {} };
  counter.stop = client.onEvent((event) => {
    if (event.type === 'pane.output') counter.count++;
  });
  return counter;
}

/** Backend requests the host made so far, by operation (its `/metrics`, `switchboard_backend_requests_total`). */
async function backendRequests(host: Host | undefined): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!host) return counts;
  const response = await fetch(`${host.url}/metrics`, { headers: { authorization: `Bearer ${host.token}` } });
  // A refused scrape would read as no backend requests at all.
  if (!response.ok) throw new Error(`bench host-cpu: /metrics answered ${response.status}`);
  for (const match of (await response.text()).matchAll(
    /^switchboard_backend_requests_total\{[^}]*operation="(\w+)"[^}]*\} (\d+)/gm,
  ))
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + Number(match[2]));
  return counts;
}

/** One window: this process's and the server's CPU in % of a core, the API client's events and the host's reads. */
async function measure(
  sim: SimProcess,
  events: { count: number },
  host: Host | undefined,
  client: Listening | undefined = host?.backend,
  windowMs = CPU_WINDOW_MS,
): Promise<Window> {
  const requests0 = await backendRequests(host);
  const updates = client ? countUpdates(client) : undefined;
  const decisions0 = host?.orchestrator.health.decisions ?? 0;
  const host0 = process.cpuUsage();
  const threads0 = threadsCpuMs(process.pid);
  const server0 = sim.cpuMs();
  const events0 = events.count;
  const t0 = performance.now();
  await sleep(windowMs);
  const ms = performance.now() - t0;
  const used = process.cpuUsage(host0);
  const threads = [...threadsCpuMs(process.pid)].map(
    ([name, cpu]) => [name, cpu - (threads0.get(name) ?? 0)] as const,
  );
  const serverMs = sim.cpuMs() - server0;
  const eventCount = events.count - events0;
  updates?.stop();
  const decisions = (host?.orchestrator.health.decisions ?? 0) - decisions0;
  const requests = await backendRequests(host);
  const reads = (requests.get('readScreen') ?? 0) - (requests0.get('readScreen') ?? 0);
  // (A GC's entry is delivered a turn after it ends: one ending in the window's last moment can be missed.)
  const gcs = majorGcs.between(t0, t0 + ms);
  return {
    hostPercent: ((used.user + used.system) / 1000 / ms) * 100,
    hostMainThreadPercent: ((threads.find(([name]) => name === 'main')?.[1] ?? NaN) / ms) * 100,
    hostThreads: Object.fromEntries(
      threads
        .filter(([, cpu]) => cpu > 0)
        .map(([name, cpu]) => [name, Number(((cpu / ms) * 100).toFixed(2))]),
    ),
    majorGcs: gcs.count,
    majorGcPauseMs: gcs.pauseMs,
    serverPercent: (serverMs / ms) * 100,
    eventsPerSecond: (eventCount / ms) * 1000,
    readsPerPane: host ? (reads / AGENTS / ms) * 1000 : NaN,
    decisionsPerPane: host ? (decisions / AGENTS / ms) * 1000 : NaN,
    updatesPerPane: updates ? (updates.count / AGENTS / ms) * 1000 : NaN,
  };
}

/** Two windows' numbers averaged (halves of one window measured apart). */
function meanOf([a, b]: Window[]): Window {
  const average = (x: Record<string, number>, y: Record<string, number>) =>
    Object.fromEntries(
      [...new Set([...Object.keys(x), ...Object.keys(y)])].map((key) => [
        key,
        ((x[key] ?? 0) + (y[key] ?? 0)) / 2,
      ]),
    );
  const { hostThreads: threadsA, ...numbersA } = a!;
  const { hostThreads: threadsB, ...numbersB } = b!;
  return {
    ...(average(numbersA, numbersB) as Omit<Window, 'hostThreads'>),
    hostThreads: average(threadsA, threadsB),
  };
}

/**
 * Two kinds of client on the same live traffic, each for half a window twice, in the order a, b, b, a, so
 * both see the same stretch of load.
 */
async function alternating<K extends string>(
  sim: SimProcess,
  [a, b]: readonly [K, K],
  attach: (kind: K) => Promise<{ client: Listening; close: () => Promise<void> | void }>,
): Promise<Record<K, Window>> {
  const halves = { [a]: [] as Window[], [b]: [] as Window[] } as Record<K, Window[]>;
  for (const kind of [a, b, b, a]) {
    const { client, close } = await attach(kind);
    await sleep(200); // subscribed, and the first frames in
    halves[kind].push(await measure(sim, { count: 0 }, undefined, client, CPU_WINDOW_MS / 2));
    await close();
  }
  return { [a]: meanOf(halves[a]), [b]: meanOf(halves[b]) } as Record<K, Window>;
}

/** The raw subscribers (`bench/support/raw-screen-subscriber.ts`): every frame decoded in full, or screen updates read directly. */
const measureRaw = (sim: SimProcess) =>
  alternating(sim, ['full', 'direct'] as const, async (decoding: FrameDecoding) => {
    const subscriber = await rawScreenSubscriber(sim.socketPath, decoding);
    return { client: subscriber, close: () => subscriber.close() };
  });

/** Bare ITerm2Backends (subscribed to everything, reading nothing): reads coalesced (now), or every frame as it comes (before). */
const measureBare = (sim: SimProcess) =>
  alternating(sim, ['frameByFrame', 'coalesced'] as const, async (kind) => {
    const bare = await ITerm2Backend.connect({
      endpoint: { socketPath: sim.socketPath },
      auth: staticAuth({}),
      advisoryName: 'bench-bare-client',
      coalesceMs: kind === 'coalesced' ? COALESCE_MS : 0,
    });
    return { client: bare, close: () => bare.close() };
  });

/**
 * With HOST_CPU_PROFILE=<file.cpuprofile>, `work` runs under the V8 CPU profiler (this process: the host) and the
 * profile is written there (open it in Chrome DevTools or speedscope).
 */
async function profiled<T>(work: () => Promise<T>, window?: string): Promise<T> {
  const given = process.env['HOST_CPU_PROFILE'];
  if (!given) return work();
  const file = window ? given.replace(/(\.cpuprofile)?$/, `-${window}.cpuprofile`) : given;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  const result = await work();
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  return result;
}

/** A WebSocket API client with the human's token, as the UI: every event the host sends it, counted, not parsed. */
async function apiSubscriber(host: Host, events: { count: number }): Promise<WebSocket> {
  const ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}${API_PATH}`, [
    WIRE_SUBPROTOCOL,
    `${TOKEN_SUBPROTOCOL_PREFIX}${host.token}`,
  ]);
  ws.on('message', () => events.count++);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

async function main() {
  const sim = await startSimProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-host-'));
  const events = { count: 0 };
  const agents: { id: string; paneId: string }[] = [];
  let host: Host | undefined;
  try {
    const start = (
      recordings: boolean,
      {
        coalesceMs = COALESCE_MS,
        busyGridMs = BUSY_GRID_MS,
        readBackBound = false,
        patientBusyReads = false,
      } = {},
    ) =>
      startHost({
        dataDir,
        port: 0,
        backend: 'iterm2',
        iterm2Socket: sim.socketPath,
        writeHostFile: false,
        recordings: { enabled: recordings, ...(readBackBound ? { catchUpReadsBound: true } : {}) },
        screenPace: { busyIntervalMs: BUSY_INTERVAL_MS, busyGridMs, patientBusyReads },
        iterm2CoalesceMs: coalesceMs,
      });
    /** A host restarted on the same data adopts the same agents, still printing. */
    const restart = async (
      recordings: boolean,
      variant: {
        coalesceMs?: number;
        busyGridMs?: number;
        readBackBound?: boolean;
        patientBusyReads?: boolean;
      } = {},
    ) => {
      await host?.close();
      phase('host closed');
      host = await start(recordings, variant);
      const restarted = host.orchestrator;
      await restarted.ready;
      phase('host started');
      const allWorking = () => agents.every((a) => restarted.health.get(a.id).state === 'working');
      await waitFor(allWorking, 180_000, 'every agent working after the restart');
      phase('host restarted, every agent working');
      await sleep(BUSY_AFTER_MS); // past the restart's own work (every screen read again) and into the busy pace
      return host;
    };
    host = await start(true);
    const api = await apiSubscriber(host, events);
    const { orchestrator } = host;
    await orchestrator.ready;
    agents.push(...(await spawnShellAgents(orchestrator, AGENTS)));
    const all = (state: string) => () => agents.every((a) => orchestrator.health.get(a.id).state === state);
    phase(`${AGENTS} agents spawned`);
    await waitFor(all('idle'), 180_000, 'every agent idle');
    phase('every agent idle');
    // Past the spawns' own tail (a helper thread of the host's stays busy while the fleet idles: see the threads).
    await sleep(IDLE_SETTLE_MS);
    const idle = await profiled(() => measure(sim, events, host), 'idle');
    for (const agent of agents) await host.backend.sendText(agent.paneId, PRINT_LOOP);
    await waitFor(all('working'), 180_000, 'every agent working');
    phase('every agent printing');
    await sleep(BUSY_AFTER_MS);
    const warming: Window[] = [];
    for (let window = 0; window < WARM_WINDOWS; window++) warming.push(await measure(sim, events, host));
    phase(`${WARM_WINDOWS} warm-up windows measured`);
    const printing = await profiled(() => measure(sim, events, host));
    const printingFirst = warming[0] ?? printing;
    orchestrator.health.close(); // the same panes, the same output, no state detection
    const detectionOff = await measure(sim, events, host);
    api.close();
    // Both restarted (a restarted host's read-back budgets start full): what is missed, then the whole bound.
    const readBackMissed = await leg('readBackMissed', async () => measure(sim, events, await restart(true)));
    const busyReadsPatient = await leg('busyReadsPatient', async () =>
      measure(sim, events, await restart(true, { patientBusyReads: true })),
    );
    const frameByFrame = await leg('frameByFrame', async () =>
      measure(sim, events, await restart(true, { coalesceMs: 0, busyGridMs: 0 })),
    );
    const readBackWhole = await leg('readBackWhole', async () =>
      measure(sim, events, await restart(true, { readBackBound: true })),
    );
    const recordingsOff = await leg('recordingsOff', async () => measure(sim, events, await restart(false)));
    // Left out with recordingsOff (it measures the same restarted host).
    const recordingsAndDetectionOff = await leg('recordingsOff', async () => {
      host!.orchestrator.health.close();
      return measure(sim, events, host);
    });
    await host.close();
    host = undefined;
    phase('hosts measured');
    const { coalesced: bareClient, frameByFrame: bareFrameByFrame } = await measureBare(sim);
    const { full: rawFull, direct: rawDirect } = await measureRaw(sim);
    const noClient = await measure(sim, events, undefined);
    // % of a core = 10 ms of CPU per second; over the screen updates all panes made in that second.
    const perUpdate = (w: Window) => (w.hostPercent * 10) / (w.updatesPerPane * AGENTS);
    const row = (w: Window) => ({
      'host % of a core': w.hostPercent,
      'host main thread %': w.hostMainThreadPercent,
      'server % of a core': w.serverPercent,
      'API events/s': w.eventsPerSecond,
      'screen updates/s per pane': w.updatesPerPane,
      'screen reads/s per pane': w.readsPerPane,
      'health decisions/s per pane': w.decisionsPerPane,
    });
    const threads = {
      idle,
      printing,
      detectionOff,
      readBackMissed,
      busyReadsPatient,
      frameByFrame,
      readBackWhole,
      recordingsOff,
      recordingsAndDetectionOff,
      bareClient,
      bareFrameByFrame,
    };
    await report(
      'host-cpu',
      {
        [`${AGENTS} agents idle`]: row(idle),
        [`${AGENTS} agents printing: host as it runs (busy pace ${BUSY_INTERVAL_MS} ms)`]: row(printing),
        [`${AGENTS} agents printing: host as it runs, first window after printing began (V8 still optimizing; before session 16 the headline)`]:
          row(printingFirst),
        [`${AGENTS} agents printing: detection off`]: row(detectionOff),
        [`${AGENTS} agents printing: host restarted as before session 14 (every frame read as it comes, busy reads off the grid)`]:
          row(frameByFrame),
        [`${AGENTS} agents printing: host restarted as it runs (read-backs ask for what they missed)`]:
          row(readBackMissed),
        [`${AGENTS} agents printing: host restarted, busy reads patient (session 15's trial, off by default)`]:
          row(busyReadsPatient),
        [`${AGENTS} agents printing: read-backs ask for the whole catch-up bound (before session 14)`]:
          row(readBackWhole),
        [`${AGENTS} agents printing: host restarted with recordings off`]: row(recordingsOff),
        [`${AGENTS} agents printing: recordings and detection off`]: row(recordingsAndDetectionOff),
        [`${AGENTS} panes printing: bare ITerm2Backend attached (baseline)`]: row(bareClient),
        [`${AGENTS} panes printing: bare ITerm2Backend reading every frame as it comes (the client before)`]:
          row(bareFrameByFrame),
        [`${AGENTS} panes printing: no client (baseline)`]: row(noClient),
        [`${AGENTS} panes printing: raw subscriber, every frame decoded in full (the client before)`]:
          row(rawFull),
        [`${AGENTS} panes printing: raw subscriber, screen updates read directly (the client now)`]:
          row(rawDirect),
        'host CPU per screen update (ms)': {
          'host as it runs': perUpdate(printing),
          'host as it runs, first window after printing began': perUpdate(printingFirst),
          'reading every frame as it comes (before)': perUpdate(frameByFrame),
          'restarted, read-backs of what is missed': perUpdate(readBackMissed),
          "restarted, busy reads patient (session 15's trial)": perUpdate(busyReadsPatient),
          'read-backs of the whole bound': perUpdate(readBackWhole),
          'detection off': perUpdate(detectionOff),
          'recordings off': perUpdate(recordingsOff),
          'recordings and detection off': perUpdate(recordingsAndDetectionOff),
          'bare ITerm2Backend (baseline)': perUpdate(bareClient),
          'bare ITerm2Backend, every frame as it comes (before)': perUpdate(bareFrameByFrame),
          'raw subscriber, full decoding': perUpdate(rawFull),
          'raw subscriber, direct': perUpdate(rawDirect),
        },
        ratios: {
          'host / bare client, printing': printing.hostPercent / bareClient.hostPercent,
          'spawning host, first window after printing began / after the warm-up windows':
            printingFirst.hostPercent / printing.hostPercent,
          'host per update, spawning (after warm-up) / restarted as it runs':
            perUpdate(printing) / perUpdate(readBackMissed),
          'host per update, as it runs / as before session 14 (coalescing 0, grid 0; both restarted)':
            perUpdate(readBackMissed) / perUpdate(frameByFrame),
          'host per update, busy reads patient / answered at once (both restarted)':
            perUpdate(busyReadsPatient) / perUpdate(readBackMissed),
          'bare client per update, coalesced reads / every frame as it comes':
            perUpdate(bareClient) / perUpdate(bareFrameByFrame),
          'host, detection on / off': printing.hostPercent / detectionOff.hostPercent,
          'host per update, recordings on / off': perUpdate(printing) / perUpdate(recordingsOff),
          'server with the host / with no client': printing.serverPercent / noClient.serverPercent,
          'raw subscriber per update, direct / full decoding': perUpdate(rawDirect) / perUpdate(rawFull),
          'host per update, read-backs of what is missed / of the whole bound (both restarted)':
            perUpdate(readBackMissed) / perUpdate(readBackWhole),
          'recordings’ share per update, read-backs of what is missed / of the whole bound':
            (perUpdate(readBackMissed) - perUpdate(recordingsOff)) /
            (perUpdate(readBackWhole) - perUpdate(recordingsOff)),
        },
      },
      {
        agents: AGENTS,
        cpuWindowMs: CPU_WINDOW_MS,
        stress: STRESS,
        loadAverage: loadavg(),
        warmWindows: WARM_WINDOWS,
        'spawning host % of a core per window since printing began (the last is the headline)': [
          ...warming,
          printing,
        ].map((w) => Number(w.hostPercent.toFixed(2))),
        'host threads, % of a core (main; the others by name and id)': Object.fromEntries(
          Object.entries(threads).map(([window, w]) => [window, w.hostThreads]),
        ),
        'host major GCs per window (count, main-thread pause ms)': Object.fromEntries(
          Object.entries(threads).map(([window, w]) => [
            window,
            [w.majorGcs, Number(w.majorGcPauseMs.toFixed(1))],
          ]),
        ),
        note: 'host = this process (startHost, recordings on unless said, one WebSocket API subscriber); server = the embedded iTerm2-API server in its own process (not its panes’ shells)',
      },
    );
  } finally {
    await host?.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
