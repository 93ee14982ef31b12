// The terminal a printing fleet (bench/support/printing-fleet.ts) runs on:
// - `memory`: core's in-memory backend in the leg's own process; the leg writes each agent's numbered line
//   into its pane every `printEveryMs` (a screen read costs next to nothing: the pessimistic baseline);
// - `embedded`: the embedded iTerm2-API server in a process of its own (bench/support/sim-process.ts), as
//   iTerm2 is in real use, reached over its unix socket by core's iTerm2 backend; every agent a real bash
//   printing its own numbered line every `printEveryMs` (the leg sends the loop once), so the leg's CPU is the
//   host's work: the protobuf reads and screen updates, detection, recording.
// Each agent numbers its lines from its own start (agent k from k × 10,000,000), as a fleet doing different work
// prints. BENCH_DISTINCT_LINES=0 gives the runs before session 21: every agent printing the same numbers (0, 1, 2, …),
// so the agents' lines in one index batch share their words and the search index costs ~3× less than in a real
// fleet (helper fts, session 21: ~1 against ~3.7 CPU ms/s of the on leg in perf).
import type * as CoreModule from '@switchboard/core';
import * as ThisBridge from '../../packages/iterm-bridge/src/index';
import type { ITerm2Backend } from '../../packages/iterm-bridge/src/index';
import { spawnShellAgents } from './printers';
import { startSimProcess } from './sim-process';

export type FleetBackendKind = 'memory' | 'embedded';
export const FLEET_BACKENDS: readonly FleetBackendKind[] = ['memory', 'embedded'];

type Backend = ReturnType<typeof CoreModule.createMemoryBackend> | ITerm2Backend;
type Orchestrator = ReturnType<typeof CoreModule.createOrchestrator>;

export interface FleetBackend {
  backend: Backend;
  /** Spawns `count` printing agents' panes (not printing yet). */
  spawn(orchestrator: Orchestrator, count: number): Promise<string[]>;
  /** Every agent prints a numbered line every `printEveryMs` from now on. */
  startPrinting(panes: readonly string[], printEveryMs: number): Promise<void>;
  /** The leg stops writing (bash agents print on until their server closes). */
  stopPrinting(): void;
  /** The terminal server's own CPU so far (ms), where it runs in a process of its own. */
  serverCpuMs(): number | undefined;
  close(): Promise<void>;
}

const lineOf = (n: number) => `${n} compiling module ${n % 97} of the build: ok (${(n * 7919) % 10_000} ms)`;
/** The first number agent `k` prints. */
const firstNumberOf = (k: number) => (process.env['BENCH_DISTINCT_LINES'] === '0' ? 0 : k * 10_000_000);
/**
 * BENCH_PRINT_BURSTS_MS=<printing>,<quiet> (in-memory terminal only): the fleet prints for that long, then is quiet
 * for that long, and so on, as agents that work and wait (a host's heap then grows and shrinks: V8's memory reducer).
 */
const [burstMs, quietMs] = (process.env['BENCH_PRINT_BURSTS_MS'] ?? '').split(',').map(Number);
const quietNow = (since: number) =>
  burstMs! > 0 && quietMs! > 0 && (performance.now() - since) % (burstMs! + quietMs!) >= burstMs!;

/** The same line as `lineOf`, printed by bash itself (`read -t` waits without a process of its own). */
const bashLoop = (printEveryMs: number, first: number) =>
  `i=${first}; while :; do echo "$i compiling module $((i % 97)) of the build: ok ($(((i * 7919) % 10000)) ms)"; ` +
  `i=$((i + 1)); read -t ${printEveryMs / 1000}; done\r`;

/**
 * `bridge`: the iTerm2 bridge to connect with (another checkout's `packages/iterm-bridge/src/index.ts`, beside the core
 * a leg loads from it), else this checkout's: an A/B of a change in both measures each leg with its own.
 */
export async function fleetBackend(
  kind: FleetBackendKind,
  core: typeof CoreModule,
  bridge?: string,
): Promise<FleetBackend> {
  if (kind === 'memory') return memoryFleet(core);
  return embeddedFleet(bridge ? ((await import(bridge)) as typeof ThisBridge) : ThisBridge);
}

function memoryFleet(core: typeof CoreModule): FleetBackend {
  const backend = core.createMemoryBackend();
  let timer: NodeJS.Timeout | undefined;
  return {
    backend,
    async spawn(orchestrator, count) {
      const panes: string[] = [];
      for (let i = 0; i < count; i++) {
        const spawned = await orchestrator.fleet.spawn({
          name: `printer-${i}`,
          kind: 'shell',
          role: 'builder',
        });
        panes.push(spawned.agent.paneId!);
      }
      return panes;
    },
    async startPrinting(panes, printEveryMs) {
      let line = 0;
      const since = performance.now();
      timer ??= setInterval(() => {
        if (quietNow(since)) return;
        // The same string for every pane unless each prints its own (the default leg's work unchanged).
        const same = firstNumberOf(1) === 0 ? `${lineOf(line)}\r` : undefined;
        panes.forEach(
          (paneId, k) => void backend.sendText(paneId, same ?? `${lineOf(firstNumberOf(k) + line)}\r`),
        );
        line++;
      }, printEveryMs);
    },
    stopPrinting: () => clearInterval(timer),
    serverCpuMs: () => undefined,
    async close() {},
  };
}

async function embeddedFleet({ ITerm2Backend, staticAuth }: typeof ThisBridge): Promise<FleetBackend> {
  const server = await startSimProcess();
  // However the leg ends (a failure, the bench's SIGTERM), the server goes with it, and its panes' shells with it.
  const stopServer = () => {
    try {
      process.kill(server.pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  };
  process.on('exit', stopServer);
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath: server.socketPath },
    auth: staticAuth({}),
    advisoryName: 'bench-printing-fleet',
  });
  return {
    backend,
    async spawn(orchestrator, count) {
      return (await spawnShellAgents(orchestrator as never, count)).map((agent) => agent.paneId);
    },
    async startPrinting(panes, printEveryMs) {
      await Promise.all(
        panes.map((paneId, k) => backend.sendText(paneId, bashLoop(printEveryMs, firstNumberOf(k)))),
      );
    },
    stopPrinting: () => {},
    serverCpuMs: () => server.cpuMs(),
    async close() {
      await backend.close();
      await server.close();
      process.off('exit', stopServer);
    },
  };
}
