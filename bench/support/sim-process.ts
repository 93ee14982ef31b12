// The embedded iTerm2-API server in a process of its own, as iTerm2 is in real use: the host's CPU
// (`process.cpuUsage()` of the bench) is then the host's alone, and the server's is read from /proc beside it.
// The server is `packages/iterm-bridge/src/sim/main.ts` (`npm run sim`), compiled once like the benches
// (scripts/bench.js), else run with tsx. Paths are from the repository root, where `npm run bench` runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../../apps/headless/bin/compiled-entry.js';

const SIM_MAIN = 'packages/iterm-bridge/src/sim/main.ts';
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

export interface SimProcess {
  readonly pid: number;
  readonly socketPath: string;
  /** CPU the server process itself has used (user + system, ms; not its panes' programs). */
  cpuMs(): number;
  close(): Promise<void>;
}

/** Starts the server in its own process, listening on a fresh unix socket; resolves once it listens. */
export async function startSimProcess(): Promise<SimProcess> {
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-bench-')), 'sim.sock');
  const compiled = await compiledEntry('sim-main', resolve(SIM_MAIN), { cacheDir: resolve('.cache/bench') });
  const args = compiled
    ? ['--enable-source-maps', fileURLToPath(compiled)]
    : ['--import', 'tsx', resolve(SIM_MAIN)];
  const child = spawn(process.execPath, [...args, '--unix', socketPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await listening(child);
  const pid = child.pid!;
  return {
    pid,
    socketPath,
    cpuMs: () => processCpuMs(pid),
    close: () => stop(child),
  };
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error('bench: the sim process did not listen in 60 s')),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (!seen.includes('listening on unix:')) return;
      clearTimeout(timer);
      resolvePromise();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bench: the sim process ended before it listened (${code ?? signal})`));
    });
  });
}

/** utime + stime of one process (fields 14 and 15 of /proc/<pid>/stat, after the parenthesised name). */
export function processCpuMs(pid: number | string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time (user + system) of one thread of a process (`/proc/<pid>/task/<tid>/stat`), in ms. */
export function threadCpuMs(pid: number, tid = pid): number {
  return processCpuMs(`${pid}/task/${tid}`);
}

/**
 * CPU time of each thread of a process, in ms, keyed `main` for the main thread and `<comm>-<tid>` for the
 * others (Node 20 names its V8 and libuv threads like the process, so the id tells them apart).
 */
export function threadsCpuMs(pid: number): Map<string, number> {
  const byThread = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name =
        Number(tid) === pid
          ? 'main'
          : `${readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()}-${tid}`;
      byThread.set(name, processCpuMs(`${pid}/task/${tid}`));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byThread;
}

/** SIGTERM (the server closes its panes and its reaper ends their sessions), SIGKILL after 10 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
