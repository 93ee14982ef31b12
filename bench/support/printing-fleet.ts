// A fleet of printing agents in a process of its own (bench/recording-overhead.ts starts one per leg, each the
// bench itself run again with BENCH_FLEET set), so each leg's CPU is its own: one orchestrator on the
// in-memory backend or on the embedded iTerm2-API server in a process of its own (bench/support/fleet-backend.ts),
// every agent printing a numbered line every `printEveryMs` from `start` until `stop`.
// The parent asks `mark` at every window's edge and the child answers its process CPU (user + system, all
// threads) and its clock, so the parent takes each leg's CPU per second of every window.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type * as CoreModule from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { fleetBackend, type FleetBackendKind } from './fleet-backend';

/**
 * BENCH_CPU_PROF=<folder>: every leg profiles its CPU from the first mark (after the warm-up) to the stop and
 * writes `<label>-<pid>.cpuprofile` there: the measured windows only, not the start and the spawns.
 */
const PROFILES = process.env['BENCH_CPU_PROF'];
/** BENCH_HEAP_PROF=<folder>: the same for what the leg allocates (`<label>-<pid>.heapprofile`, freed or not). */
const ALLOCATIONS = process.env['BENCH_HEAP_PROF'];

export interface FleetSpec {
  /** What the leg is called in the report. */
  label: string;
  recording: boolean;
  /** The terminal the fleet runs on. */
  backend: FleetBackendKind;
  /**
   * A core to load instead of this checkout's (an index.ts of another checkout; run the bench with tsx then); an
   * embedded leg also connects with that checkout's iTerm2 bridge.
   */
  core?: string;
  /** Recording options of this leg alone (over BENCH_RECORDING_OPTIONS), e.g. `{ flushMs: 10_000 }`. */
  options?: Record<string, number>;
  /** Node arguments of this leg's process alone (after BENCH_FLEET_NODE_ARGS, every leg's), e.g. a V8 flag. */
  nodeArgs?: string[];
}

export interface FleetConfig extends FleetSpec {
  agents: number;
  printEveryMs: number;
}

type ToChild = { type: 'start' } | { type: 'mark' } | { type: 'stop' };
export interface Mark {
  cpuMs: number;
  wallMs: number;
  /** Screen reads of all panes so far. */
  reads: number;
  /** Of those, reads with scrollback (the recorder's read-backs of lines that scrolled past) and the lines they asked for. */
  readBacks: number;
  readBackLines: number;
  /** Time spent in garbage collection so far (ms, the pauses' wall time) and how many collections. */
  gcMs: number;
  gcs: number;
  /** The terminal server's CPU so far (ms), where it runs in a process of its own. */
  serverCpuMs: number | undefined;
}
export interface FleetSummary {
  pid: number;
  recordings: number;
  chunks: number;
  bytesOnDisk: number;
  files: number;
  /** Numbered lines in the search index, and those missing between each agent's first and last (not recorded). */
  linesRecorded: number;
  linesLost: number;
}

/** Every agent's numbered lines (`N compiling module …`) in the recording's index: how many, how many missing. */
function numberedLinesOf(databasePath: string): { linesRecorded: number; linesLost: number } {
  const db = new Database(databasePath, { readonly: true });
  const seen = new Map<string, Set<number>>();
  try {
    for (const row of db.prepare('SELECT agent_id, text FROM recording_lines').iterate() as Iterable<{
      agent_id: string;
      text: string;
    }>) {
      const numbers = seen.get(row.agent_id) ?? new Set<number>();
      seen.set(row.agent_id, numbers);
      for (const match of row.text.matchAll(/^(\d+) compiling module/gm)) numbers.add(Number(match[1]));
    }
  } finally {
    db.close();
  }
  let linesRecorded = 0;
  let linesLost = 0;
  for (const numbers of seen.values()) {
    linesRecorded += numbers.size;
    if (numbers.size) linesLost += Math.max(...numbers) - Math.min(...numbers) + 1 - numbers.size;
  }
  return { linesRecorded, linesLost };
}
type FromChild =
  | { type: 'ready' }
  | { type: 'printing' }
  | ({ type: 'mark' } & Mark)
  | ({ type: 'stopped' } & FleetSummary)
  | { type: 'failed'; error: string };

let reads = 0;
const readBacks = { count: 0, lines: 0 };
const gc = { ms: 0, count: 0 };
const mark = (serverCpuMs: number | undefined): Mark => {
  const used = process.cpuUsage();
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now(),
    reads,
    readBacks: readBacks.count,
    readBackLines: readBacks.lines,
    gcMs: gc.ms,
    gcs: gc.count,
    serverCpuMs,
  };
};

/** The child's side: runs the fleet BENCH_FLEET describes until the parent says stop. */
export async function runFleetChild(config: FleetConfig): Promise<void> {
  const send = (message: FromChild) => process.send!(message);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.ms += entry.duration;
      gc.count++;
    }
  }).observe({ entryTypes: ['gc'] });
  try {
    const core = (
      config.core ? await import(config.core) : await import('@switchboard/core')
    ) as typeof CoreModule;
    const dataDir = mkdtempSync(join(tmpdir(), `sb-bench-rec-${config.recording ? 'on' : 'off'}-`));
    // That checkout's iTerm2 bridge with its core (`…/packages/core/src/index.ts` → `…/packages/iterm-bridge/src/index.ts`).
    const bridge = config.core?.replace(/core\/src\/index\.ts$/, 'iterm-bridge/src/index.ts');
    const terminal = await fleetBackend(config.backend, core, bridge);
    const { backend } = terminal;
    // Reads counted: recording may have panes read more often than health alone would.
    const readScreen = backend.readScreen.bind(backend);
    backend.readScreen = (paneId, options) => {
      reads++;
      if (options?.scrollback) {
        readBacks.count++;
        readBacks.lines += options.scrollback;
      }
      return readScreen(paneId, options);
    };
    const orchestrator = core.createOrchestrator({
      databasePath: join(dataDir, 'switchboard.db'),
      backend,
      dataDir,
      recordings: {
        enabled: config.recording,
        ...JSON.parse(process.env['BENCH_RECORDING_OPTIONS'] || '{}'),
        ...config.options,
      },
    });
    await orchestrator.ready;
    const panes = await terminal.spawn(orchestrator, config.agents);
    let profiler: Session | undefined;
    process.on('message', (message: ToChild) => {
      if (message.type === 'start')
        void terminal.startPrinting(panes, config.printEveryMs).then(
          () => send({ type: 'printing' }),
          (error: unknown) => send({ type: 'failed', error: String((error as Error)?.stack ?? error) }),
        );
      else if (message.type === 'mark') {
        send({ type: 'mark', ...mark(terminal.serverCpuMs()) });
        if ((PROFILES || ALLOCATIONS) && !profiler) {
          profiler = new Session();
          profiler.connect();
          if (PROFILES) void profiler.post('Profiler.enable').then(() => profiler!.post('Profiler.start'));
          // Every allocation sampled, also what the next scavenge frees (what makes garbage collection busy).
          if (ALLOCATIONS)
            void profiler.post('HeapProfiler.startSampling', {
              samplingInterval: 16_384,
              includeObjectsCollectedByMajorGC: true,
              includeObjectsCollectedByMinorGC: true,
            } as never);
        }
      } else if (message.type === 'stop') {
        terminal.stopPrinting();
        void (async () => {
          const name = `${config.label.replace(/\W+/g, '_')}-${process.pid}`;
          if (profiler && PROFILES) {
            const { profile } = await profiler.post('Profiler.stop');
            writeFileSync(join(PROFILES, `${name}.cpuprofile`), JSON.stringify(profile));
          }
          if (profiler && ALLOCATIONS) {
            const { profile } = await profiler.post('HeapProfiler.stopSampling');
            writeFileSync(join(ALLOCATIONS, `${name}.heapprofile`), JSON.stringify(profile));
          }
          const listed = (await orchestrator.invoke(humanCaller, 'recording.list', {})) as {
            recordings: { chunks: number }[];
            totalBytes: number;
          };
          await orchestrator.close();
          await terminal.close();
          const lines = config.recording
            ? numberedLinesOf(join(dataDir, 'switchboard.db'))
            : { linesRecorded: 0, linesLost: 0 };
          const folder = join(dataDir, 'recordings');
          const files = config.recording
            ? readdirSync(folder).flatMap((agent) =>
                readdirSync(join(folder, agent)).map((file) => statSync(join(folder, agent, file)).size),
              )
            : [];
          rmSync(dataDir, { recursive: true, force: true });
          send({
            type: 'stopped',
            pid: process.pid,
            recordings: listed.recordings.length,
            chunks: listed.recordings.reduce((sum, r) => sum + r.chunks, 0),
            bytesOnDisk: listed.totalBytes,
            files: files.length,
            ...lines,
          });
          process.disconnect();
        })();
      }
    });
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'failed', error: String((error as Error)?.stack ?? error) });
    process.disconnect();
  }
}

/** The parent's handle on one leg. */
export class FleetProcess {
  private readonly child: ChildProcess;
  private readonly waiting: ((message: FromChild) => void)[] = [];

  constructor(
    readonly spec: FleetSpec,
    config: Omit<FleetConfig, keyof FleetSpec>,
  ) {
    // The bench itself again (its compiled bundle or its source under tsx: the same execArgv).
    this.child = fork(process.argv[1]!, [], {
      execArgv: [
        ...process.execArgv,
        ...(process.env['BENCH_FLEET_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
        ...(spec.nodeArgs ?? []),
      ],
      env: { ...process.env, BENCH_FLEET: JSON.stringify({ ...config, ...spec }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: FromChild) => this.waiting.shift()?.(message));
    this.child.once('exit', (code) => {
      for (const resolve of this.waiting.splice(0))
        resolve({ type: 'failed', error: `fleet ${spec.label} exited (${code})` });
    });
    FleetProcess.all.add(this.child);
  }

  private next<T extends FromChild['type']>(type: T): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) =>
      this.waiting.push((message) =>
        message.type === type
          ? resolve(message as Extract<FromChild, { type: T }>)
          : reject(
              new Error(message.type === 'failed' ? message.error : `expected ${type}, got ${message.type}`),
            ),
      ),
    );
  }

  ready(): Promise<unknown> {
    return this.next('ready');
  }

  /** Every agent printing (the loops sent, on the embedded server). */
  start(): Promise<unknown> {
    const answer = this.next('printing');
    this.child.send({ type: 'start' } satisfies ToChild);
    return answer;
  }

  mark(): Promise<Mark> {
    const answer = this.next('mark');
    this.child.send({ type: 'mark' } satisfies ToChild);
    return answer;
  }

  async stop(): Promise<FleetSummary> {
    const answer = this.next('stopped');
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' } satisfies ToChild);
    const { type: _type, ...summary } = await answer;
    await exited; // (a leg run with --heap-prof or --cpu-prof writes its file as it exits)
    return summary;
  }

  /** Every leg started: killed however the bench ends. */
  static readonly all = new Set<ChildProcess>();
}
process.on('exit', () => {
  for (const child of FleetProcess.all) child.kill('SIGTERM');
});
// Stopped by a signal (the bench, or a leg by the bench ending early): the exit handlers run, so the legs and a
// leg's terminal server (and its panes' shells) end with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
