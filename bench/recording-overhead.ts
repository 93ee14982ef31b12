// Recording overhead (issue 25): host CPU with 100 agents printing, recording on vs off, read from one run.
// Each leg is a fleet in a process of its own (bench/support/printing-fleet.ts: one orchestrator on the
// in-memory backend, every agent printing a numbered line every 50 ms), all legs printing at the same time,
// so machine load hits them alike and no leg's garbage, timers or index batches land in another's CPU. After
// a warm-up (agent folders, first segments, JIT; 5 s: a 30 s warm-up, tried in session 20 because V8 drops the
// recorder's optimized frame path ~3 s into printing, changed nothing resolvable in the lead's quiet runs),
// the run is cut into windows; each window gives every leg's
// CPU (user + system, all threads) per second, and a ratio on / off. Reported: the median ratio over the
// windows and its spread, and the same for a second "off" leg against the first (the bench's own noise:
// a difference smaller than that spread is not shown). Screen reads cost next to nothing on the in-memory
// backend, so its ratio is pessimistic; with the embedded iTerm2-API server in a process of its own (as iTerm2
// in real use; legs `…@embedded`, bench/support/fleet-backend.ts) each read is a protobuf round trip that
// recording does not add, and the agents are real bash loops. Target (issue 25): on ≤ 1.2× off, on both
// backends (the in-memory one is the pessimistic figure; the goal is not claimed on the realistic one alone).
//
// BENCH_FLEETS: the legs, comma-separated, default `off,off,on,off@embedded,on@embedded` (both ratios, and
// the in-memory off legs' noise; the smoke run: `off,on`): each `off` or `on`, then optionally
// `@memory` or `@embedded` (the terminal; default BENCH_BACKEND, else memory), then optionally `=<path to
// another checkout's packages/core/src/index.ts>` to record with that code (run with tsx: `npx tsx
// bench/recording-overhead.ts`), to measure a change against the code before it in the same run (an `@embedded`
// leg also connects with that checkout's iTerm2 bridge: before session 25 it took this checkout's). Each leg's
// baseline is the first `off` leg on the same terminal. Both ratios in one run:
// `BENCH_FLEETS=off,on,off@embedded,on@embedded`. Node arguments of one leg go in square brackets anywhere in it
// (`off[--no-memory-reducer]`, several separated by spaces), after BENCH_FLEET_NODE_ARGS (every leg's), so a V8
// flag is measured against the same leg without it, both printing at the same time. BENCH_RECORDING_OPTIONS: recording options (JSON) for every
// leg, e.g. `{"catchUpLines":0}` (no read-backs of lines that scrolled past); a leg's own numeric options go in
// brackets after `on` (`on(flushMs=10000;indexMs=2000)@memory`), so a setting is measured against the default
// in the same run. Each leg reports its CPU, its
// garbage collection, its screen reads and read-backs (reads with scrollback, and the lines they asked for: since
// session 18 also the reads of a scrolling pane that carry the lines scrolled past since the read before), and
// the share of printed lines its recording lost (skipped: scrolled past unread).
import { loadavg } from 'node:os';
import { report, size, SMOKE, summarize } from './stats';
import { FLEET_BACKENDS, type FleetBackendKind } from './support/fleet-backend';
import { FleetProcess, runFleetChild, type FleetSpec, type Mark } from './support/printing-fleet';

const AGENTS = size('BENCH_AGENTS', 100, { stress: 200, smoke: 5 });
const WINDOW_MS = size('BENCH_WINDOW_MS', 5_000, { smoke: 500 });
const WINDOWS = size('BENCH_WINDOWS', 12, { smoke: 2 });
const WARMUP_MS = size('BENCH_WARMUP_MS', 5_000, { smoke: 300 });
// Each agent prints a numbered line every 50 ms (20 lines a second, 2,000 a second for the fleet: a flood, the
// goal's figure). BENCH_PRINT_EVERY_MS measures the same legs at another pace (e.g. 200: 5 lines a second),
// since recording's cost follows the lines printed and the host's without it mostly the reads. BENCH_PRINT_BURSTS_MS
// (e.g. `8000,12000`) has the in-memory fleet print in bursts with quiet between (bench/support/fleet-backend.ts).
const PRINT_EVERY_MS = size('BENCH_PRINT_EVERY_MS', 50, { smoke: 50 });
const TARGET = 1.2;

const DEFAULT_BACKEND = (process.env['BENCH_BACKEND'] || 'memory') as FleetBackendKind;

/** A leg's own options: `flushMs=10000;indexMs=2000` → `{ flushMs: 10000, indexMs: 2000 }` (numbers only). */
function legOptions(item: string, list: string): Record<string, number> {
  return Object.fromEntries(
    list.split(';').map((pair) => {
      const [key, value] = pair.split('=') as [string, string | undefined];
      const number = Number(value);
      if (!/^[A-Za-z]+$/.test(key) || value === undefined || value === '' || !Number.isFinite(number))
        throw new Error(`BENCH_FLEETS: "${item}": options are name=number pairs separated by ;`);
      return [key, number];
    }),
  );
}

/** `off,off,on,on(flushMs=10000),on@embedded,on=/x/core/src/index.ts` → legs with labels unique in the report. */
function legsOf(list: string): FleetSpec[] {
  const seen = new Map<string, number>();
  return list.split(',').map((given) => {
    const nodeArgs = /\[([^\]]*)\]/.exec(given)?.[1]!.split(' ').filter(Boolean);
    const item = given.replace(/\[[^\]]*\]/, '');
    const bracketed = /^\s*(on|off)\(([^)]*)\)(.*)$/.exec(item);
    const options = bracketed ? legOptions(item, bracketed[2]!) : undefined;
    const rest = bracketed ? `${bracketed[1]}${bracketed[3]}` : item;
    const equals = rest.indexOf('=');
    const [leg, core] =
      equals < 0 ? [rest.trim()] : [rest.slice(0, equals).trim(), rest.slice(equals + 1).trim()];
    const [kind, terminal = DEFAULT_BACKEND] = leg.split('@') as [string, string | undefined];
    if (kind !== 'on' && kind !== 'off') throw new Error(`BENCH_FLEETS: "${item}" is neither on nor off`);
    const backend = FLEET_BACKENDS.find((known) => known === terminal);
    if (!backend) throw new Error(`BENCH_FLEETS: "${item}": the terminal is ${FLEET_BACKENDS.join(' or ')}`);
    const name = `${kind}${bracketed ? `(${bracketed[2]})` : ''}${nodeArgs ? `[${nodeArgs.join(' ')}]` : ''}${backend === 'memory' ? '' : `@${backend}`}${core ? ` (${core})` : ''}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return {
      label: count === 1 ? name : `${name} #${count}`,
      recording: kind === 'on',
      backend,
      ...(core ? { core } : {}),
      ...(options ? { options } : {}),
      ...(nodeArgs ? { nodeArgs } : {}),
    };
  });
}

const ratioStats = (ratios: number[]) => {
  const sorted = [...ratios].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const median =
    sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (at(0.5) + sorted[sorted.length / 2 - 1]!) / 2;
  return {
    n: sorted.length,
    p50: median,
    min: sorted[0]!,
    p25: at(0.25),
    p75: at(0.75),
    max: sorted.at(-1)!,
  };
};

async function main() {
  // The smoke run (npm test) starts two legs, not three: it only shows the bench still runs.
  const legs = legsOf(
    process.env['BENCH_FLEETS'] || (SMOKE ? 'off,on' : 'off,off,on,off@embedded,on@embedded'),
  );
  // Each leg's baseline: the first off leg on the same terminal.
  const baselineOf = legs.map((leg) =>
    legs.findIndex((other) => !other.recording && other.backend === leg.backend),
  );
  if (baselineOf.includes(-1))
    throw new Error('BENCH_FLEETS needs an off leg on each terminal (the baseline)');
  const loadBefore = loadavg()[0]!;
  const fleets = legs.map((spec) => new FleetProcess(spec, { agents: AGENTS, printEveryMs: PRINT_EVERY_MS }));
  const started = performance.now();
  await Promise.all(fleets.map((fleet) => fleet.ready()));
  const readyS = (performance.now() - started) / 1000;
  await Promise.all(fleets.map((fleet) => fleet.start()));
  console.error(
    `legs ready in ${readyS.toFixed(1)} s, printing after ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const marks: Mark[][] = [await Promise.all(fleets.map((fleet) => fleet.mark()))];
  const loads: number[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    marks.push(await Promise.all(fleets.map((fleet) => fleet.mark())));
    loads.push(loadavg()[0]!);
  }
  const summaries = await Promise.all(fleets.map((fleet) => fleet.stop()));

  // CPU ms per second of each leg in each window.
  const perWindow = legs.map((_, leg) =>
    marks.slice(1).map((now, w) => {
      const before = marks[w]![leg]!;
      return ((now[leg]!.cpuMs - before.cpuMs) / (now[leg]!.wallMs - before.wallMs)) * 1000;
    }),
  );
  // Over all measured windows, per leg: what a mark's counter grew by, per second.
  const perSecond = (counter: (mark: Mark) => number) =>
    legs.map((_, leg) => {
      const first = marks[0]![leg]!;
      const last = marks.at(-1)![leg]!;
      return ((counter(last) - counter(first)) / (last.wallMs - first.wallMs)) * 1000;
    });
  const pooled = perSecond((mark) => mark.cpuMs);
  const readsPerPaneSecond = perSecond((mark) => mark.reads).map((reads) => reads / AGENTS);
  // Read-backs (reads with scrollback: lines that scrolled past between two reads) per pane per second, and the
  // lines they asked for on average.
  const readBackLines = perSecond((mark) => mark.readBackLines);
  const readBacks = perSecond((mark) => mark.readBacks).map((count, leg) => ({
    perPaneSecond: count / AGENTS,
    linesAsked: count ? readBackLines[leg]! / count : 0,
  }));
  // Garbage collection per second of the measured windows: its pauses' wall time (ms) and how many.
  const gcCounts = perSecond((mark) => mark.gcs);
  const gcPerSecond = perSecond((mark) => mark.gcMs).map((ms, leg) => ({ ms, count: gcCounts[leg]! }));
  // The terminal server's CPU (ms per s), where it runs in a process of its own.
  const serverCpuPerSecond = perSecond((mark) => mark.serverCpuMs ?? NaN).map((ms) =>
    Number.isNaN(ms) ? undefined : ms,
  );
  const rows: Record<string, Record<string, number>> = {};
  legs.forEach((leg, i) => {
    rows[`${leg.label}: ${AGENTS} agents printing (CPU ms per s)`] = {
      ...summarize(perWindow[i]!),
      mean: pooled[i]!,
      'reads per pane per s': readsPerPaneSecond[i]!,
      'GC ms per s': gcPerSecond[i]!.ms,
      'read-backs per pane per s': readBacks[i]!.perPaneSecond,
      'lines per read-back': readBacks[i]!.linesAsked,
      ...(serverCpuPerSecond[i] !== undefined ? { 'server CPU ms per s': serverCpuPerSecond[i] } : {}),
      // Of the printed lines between each agent's first and last recorded one, the share not recorded.
      ...(leg.recording
        ? {
            'lines lost %':
              (100 * summaries[i]!.linesLost) /
              Math.max(1, summaries[i]!.linesLost + summaries[i]!.linesRecorded),
          }
        : {}),
    };
  });
  const ratios: Record<string, ReturnType<typeof ratioStats> & { pooled: number; perWindow: number[] }> = {};
  legs.forEach((leg, i) => {
    const baseline = baselineOf[i]!;
    if (i === baseline) return;
    const perWindowRatio = perWindow[i]!.map((cpu, w) => cpu / perWindow[baseline]![w]!);
    const stats = ratioStats(perWindowRatio);
    ratios[leg.label] = { ...stats, pooled: pooled[i]! / pooled[baseline]!, perWindow: perWindowRatio };
    rows[`ratio ${leg.label} / ${legs[baseline]!.label} (per window)`] = {
      ...stats,
      pooled: pooled[i]! / pooled[baseline]!,
    };
  });
  const recordingLegs = legs
    .filter((leg) => leg.recording && !leg.core && !leg.options)
    .map((leg) => ratios[leg.label]!);
  await report('recording-overhead', rows, {
    target: `on/off host CPU ≤ ${TARGET} (median of the windows' ratios)`,
    // Met when the median window is within the target; the off-vs-off legs say how far a window can stray alone.
    goalMet: recordingLegs.length > 0 && recordingLegs.every((r) => r.p50 <= TARGET),
    agents: AGENTS,
    windowMs: WINDOW_MS,
    windows: WINDOWS,
    warmupMs: WARMUP_MS,
    printEveryMs: PRINT_EVERY_MS,
    legs: legs.map((leg, i) => ({
      ...leg,
      cpuMsPerSecond: perWindow[i],
      readsPerPaneSecond: readsPerPaneSecond[i],
      gcPerSecond: gcPerSecond[i],
      readBacks: readBacks[i],
      serverCpuMsPerSecond: serverCpuPerSecond[i],
      recorded: summaries[i],
    })),
    ratios,
    loadAverage: { before: loadBefore, perWindow: loads, after: loadavg()[0]! },
  });
}

const child = process.env['BENCH_FLEET'];
if (child) await runFleetChild(JSON.parse(child));
else await main();
