// The recorder's CPU per frame (issues 25 and 21): the real `Recorder` (redaction, the frame's rows, its JSON
// line, chunks gzipped into segment files, the search index's batches) fed the screens of printing panes
// directly, with no backend and no screen reads, so what is measured is the recorder's own work. Each pane is
// an iTerm2-sized screen (24 rows of 80 columns, wrap flags as the iTerm2 backend reports them) that printed
// 10 lines since its last frame (as at the observer's busy pace, a frame a second), on a clock the bench moves
// a second at a time: N panes × SECONDS frames, one recorder for all runs (its segment files open after the
// warm-up, as in a host that has been recording). CPU (user + system) per run, runs alternating with a baseline
// in the same process: the same screens JSON.stringify'd whole (a recorder that wrote each screen as it came
// would pay at least that). Prints µs per frame, p50 / p99 over the runs; writes
// bench/results/recording-frames.json. Before and after a change: run it in both trees, alternating.
// BENCH_LINES_PER_FRAME (10): new lines per frame (the fleet bench's panes print 20 between two frames).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from '@switchboard/protocol';
import { EventBus } from '../packages/core/src/events/event-bus';
import type { Clock } from '../packages/core/src/ports/clock';
import type { ScreenSnapshot } from '../packages/core/src/ports/terminal-backend';
import type { ScreenObserver } from '../packages/core/src/panes/screen-observer';
import { coreMigrations } from '../packages/core/src/core-migrations';
import { openStore } from '../packages/core/src/store/store';
import { Recorder } from '../packages/core/src/recordings/recorder';
import { RecordingRepository } from '../packages/core/src/recordings/recording-repository';
import { DEFAULT_RECORDING_OPTIONS, segmentBytesOf } from '../packages/core/src/recordings/recording-options';
import { report, size, summarize } from './stats';

const PANES = size('BENCH_PANES', 200, { smoke: 4 });
const SECONDS = size('BENCH_SECONDS', 30, { smoke: 3 });
const RUNS = size('BENCH_RUNS', 5, { smoke: 1 });
const ROWS = 24;
const LINES_PER_FRAME = size('BENCH_LINES_PER_FRAME', 10, { smoke: 10 });

/** A clock the bench moves by hand (timers in a plain list: a few hundred at most). */
class SteppedClock implements Clock {
  current = Date.UTC(2026, 11, 6);
  private timers: { at: number; callback: () => void }[] = [];
  now = () => this.current;
  setTimeout(callback: () => void, ms: number): () => void {
    const timer = { at: this.current + ms, callback };
    this.timers.push(timer);
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }
  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((t) => t.at <= this.current);
    this.timers = this.timers.filter((t) => t.at > this.current);
    for (const timer of due.sort((a, b) => a.at - b.at)) timer.callback();
  }
}

let printed = 0;
const printedLine = () => `building module ${(printed++ * 7919) % 32768} of ${printed % 97}: ok`;

/** Every pane's screens, made before timing: each frame's screen scrolled by LINES_PER_FRAME new lines. */
function screensOf(panes: number, seconds: number): ScreenSnapshot[][] {
  return Array.from({ length: panes }, () => {
    const rows = Array.from({ length: ROWS - 1 }, printedLine);
    let firstLine = 0;
    return Array.from({ length: seconds }, () => {
      // Scrolled: the top rows leave, the new lines come in below (before session 23 they replaced the top rows).
      rows.push(...Array.from({ length: LINES_PER_FRAME }, printedLine));
      rows.splice(0, LINES_PER_FRAME);
      firstLine += LINES_PER_FRAME;
      return {
        // Fresh strings, as a backend's decoded reply has (not the same objects frame after frame).
        lines: [...rows, ''].map((line) => Buffer.from(line).toString()),
        wraps: Array.from({ length: ROWS }, () => false),
        cursor: { x: 0, y: ROWS - 1 },
        columns: 80,
        // Numbered, as iTerm2's, the embedded server's and the in-memory terminal's reads are.
        firstLine,
      };
    });
  });
}

/** A screen observer that hands the bench's screens to its one listener per pane, when told to. */
function handingObserver() {
  const listeners = new Map<string, (screen: ScreenSnapshot) => void>();
  const observer = {
    observe(paneId: string, listener: (screen: ScreenSnapshot) => void) {
      listeners.set(paneId, listener);
      return { stop: () => listeners.delete(paneId), ready: Promise.resolve() };
    },
  } as unknown as ScreenObserver;
  return { observer, hand: (paneId: string, screen: ScreenSnapshot) => listeners.get(paneId)?.(screen) };
}

const cpuMs = (work: () => void) => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

/** A recorder on a fresh data folder, fed by hand. */
function recorderWorld(panes: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-rec-frames-'));
  const clock = new SteppedClock();
  const store = openStore(join(dataDir, 'switchboard.db'), coreMigrations);
  const options = { ...DEFAULT_RECORDING_OPTIONS };
  const repository = new RecordingRepository(store, join(dataDir, 'recordings'), segmentBytesOf(options));
  const agents = Array.from(
    { length: panes },
    (_, i) => ({ id: `agent-${i}`, paneId: `pane-${i}` }) as Agent,
  );
  const { observer, hand } = handingObserver();
  const recorder = new Recorder({
    bus: new EventBus(clock),
    clock,
    observer,
    repository,
    options,
    agents: () => agents,
  });
  return {
    clock,
    hand,
    // The screens handed in a second are taken together, as a host's batch takes those heard in a turn.
    take: () => recorder.openSpans(),
    close() {
      recorder.close();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** SECONDS of every pane's frames through the recorder (its segment files already open), CPU ms. */
function run(world: ReturnType<typeof recorderWorld>, screens: ScreenSnapshot[][]): number {
  return cpuMs(() => {
    for (let second = 0; second < SECONDS; second++) {
      world.clock.advance(1000);
      for (let pane = 0; pane < screens.length; pane++) world.hand(`pane-${pane}`, screens[pane]![second]!);
      world.take();
    }
  });
}

/** The baseline, the same screens as JSON: what writing each screen whole would cost before compressing it. */
function baselineRun(screens: ScreenSnapshot[][]): number {
  let bytes = 0;
  const ms = cpuMs(() => {
    for (let second = 0; second < SECONDS; second++)
      for (const pane of screens) bytes += JSON.stringify(pane[second]).length;
  });
  return bytes > 0 ? ms : NaN;
}

const screens = screensOf(PANES, SECONDS);
const frames = PANES * SECONDS;
const loadBefore = loadavg()[0]!;
const world = recorderWorld(PANES);
run(world, screens); // warm-up: JIT, every pane's segment file opened (a host opens one per 1 MiB recorded)
const samples = { recorder: [] as number[], baseline: [] as number[] };
for (let r = 0; r < RUNS; r++) {
  samples.baseline.push(baselineRun(screens));
  samples.recorder.push(run(world, screens));
}
world.close();
const perFrame = (ms: number[]) => summarize(ms.map((m) => (m * 1000) / frames));
const recorder = perFrame(samples.recorder);
const baseline = perFrame(samples.baseline);
await report(
  'recording-frames',
  {
    [`recorder, µs of CPU per frame (${PANES} panes × ${SECONDS} frames)`]: { ...recorder },
    'baseline: each screen as JSON (JSON.stringify), µs per frame': { ...baseline },
    'ratio recorder / baseline': { p50: recorder.p50 / baseline.p50, p99: recorder.p99 / baseline.p99 },
    [`recorder at ${PANES} panes, a frame a second each: % of a core`]: {
      p50: (recorder.p50 * PANES) / 10_000,
      p99: (recorder.p99 * PANES) / 10_000,
    },
  },
  {
    panes: PANES,
    seconds: SECONDS,
    runs: RUNS,
    linesPerFrame: LINES_PER_FRAME,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
  },
);
