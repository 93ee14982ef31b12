// Core attached to the embedded iTerm2-API server over its unix socket, as the host does with
// `--backend iterm2 --iterm2-socket PATH`: what the state-detection and recovery benches measure on. The server
// runs in this process, or with `{ serverProcess: true }` in a process of its own, as iTerm2 does in real use.
// Core keeps its database in a file, as the host does (WAL, group commit): a commit there costs ~15-25 µs on this
// box against ~2 µs in memory, and an exit burst makes ~3 per exit (session 20). BENCH_DB=memory keeps the
// database in memory (the way these benches ran before session 20), to compare.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrchestrator } from '../../packages/core/src/index';
import { ITerm2Backend, staticAuth } from '../../packages/iterm-bridge/src/index';
import { startSimServer } from '../../packages/iterm-bridge/src/sim/index';
import { startSimProcess } from './sim-process';

/** A quiet bash (no rc files, a `$ ` prompt) for panes whose output a bench counts. */
export const BENCH_BASH = `env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='$ ' bash --norc --noprofile`;

export interface SimStackOptions {
  /** The server in a process of its own (default: in this one). */
  serverProcess?: boolean;
  /** The iTerm2 client's read coalescing window (its default unless given; 0: every frame read as it comes). */
  coalesceMs?: number;
}

/** Where the server runs: its socket, its CPU when it has a process of its own (ms; undefined in this one). */
async function startServer(serverProcess: boolean) {
  if (serverProcess) {
    const server = await startSimProcess();
    return {
      socketPath: server.socketPath,
      pid: server.pid as number | undefined,
      cpuMs: () => server.cpuMs(),
      close: () => server.close(),
    };
  }
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-bench-')), 'sim.sock');
  const server = await startSimServer({ unixPath: socketPath });
  return {
    socketPath,
    pid: undefined,
    cpuMs: (): number | undefined => undefined,
    close: () => server.close(),
  };
}

export async function simStack(options: SimStackOptions = {}) {
  const server = await startServer(options.serverProcess === true);
  const { socketPath } = server;
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    advisoryName: 'bench',
    ...(options.coalesceMs !== undefined ? { coalesceMs: options.coalesceMs } : {}),
  });
  const reads = new Map<string, number>();
  const folder =
    process.env['BENCH_DB'] === 'memory' ? undefined : mkdtempSync(join(tmpdir(), 'sb-bench-db-'));
  const databasePath = folder ? join(folder, 'switchboard.db') : ':memory:';
  const orchestrator = createOrchestrator({
    databasePath,
    backend: countingReads(backend, reads),
  });
  return {
    backend,
    orchestrator,
    /** Core's database: a file in a folder of its own (removed at close), or `:memory:` with BENCH_DB=memory. */
    databasePath,
    /** Screen reads core made, per pane (the screen observer's and any other). */
    reads,
    /** The server process's CPU so far (ms), when it runs in a process of its own. */
    serverCpuMs: server.cpuMs,
    /** The server process's pid, when it runs in a process of its own. */
    serverPid: server.pid,
    async close() {
      await orchestrator.close();
      await backend.close();
      await server.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The backend as core sees it, with each screen read counted per pane. */
function countingReads(backend: ITerm2Backend, reads: Map<string, number>): ITerm2Backend {
  return new Proxy(backend, {
    get(target, key) {
      if (key === 'readScreen')
        return (paneId: string, options?: Parameters<ITerm2Backend['readScreen']>[1]) => {
          reads.set(paneId, (reads.get(paneId) ?? 0) + 1);
          return target.readScreen(paneId, options);
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export type SimStack = Awaited<ReturnType<typeof simStack>>;
