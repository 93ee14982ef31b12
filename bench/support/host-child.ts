// A Switchboard host as a child process of the bench (memory backend), so its CPU is its own: the current
// checkout's CLI, or a compiled bundle of other code (BENCH_BEFORE_CLI) for a before/after in one run.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '../..');
/** The current checkout's CLI. */
export const cli = join(repository, 'apps/headless/bin/switchboard.js');
const runBundle = join(import.meta.dirname, 'run-bundle.mjs');

export interface HostChild {
  child: ChildProcess;
  mcpUrl: string;
  token: string;
  /** Its data folder (host.json, mcp.sock): `switchboard mcp` relays find the host here. */
  dataDir: string;
}

/** Hosts started as children: killed when the bench ends in any way (a bench stopped by a timeout left them running). */
const hostChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of hostChildren) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));

/** BENCH_HOST_NODE_ARGS: node arguments of every host started here (e.g. `--no-memory-reducer --trace-gc`). */
const HOST_NODE_ARGS = process.env['BENCH_HOST_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
/** BENCH_HOST_STDOUT=<file>: every host's standard output appended there too (what `--trace-gc` prints). */
const HOST_STDOUT = process.env['BENCH_HOST_STDOUT'];
/** BENCH_HOST_CPU_PROF=<folder>: profiled hosts write a CPU profile there when they stop (`node --cpu-prof`). */
const HOST_PROFILES = process.env['BENCH_HOST_CPU_PROF'];
/** BENCH_HOST_CPU_PROF_INTERVAL=<µs>: their sampling interval (Node's default 1000 µs misses short calls). */
const PROFILE_INTERVAL = process.env['BENCH_HOST_CPU_PROF_INTERVAL'];

export interface HostChildOptions {
  env?: Record<string, string>;
  profiled?: boolean;
  /** A compiled CLI bundle (`apps/headless/.cache/cli.mjs` of another checkout, copied) to run instead of this checkout's. */
  bundle?: string;
}

export async function startHostChild({ env = {}, profiled = false, bundle }: HostChildOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-host-'));
  const child = spawn(
    process.execPath,
    [
      ...HOST_NODE_ARGS,
      ...(profiled && HOST_PROFILES ? ['--cpu-prof', `--cpu-prof-dir=${HOST_PROFILES}`] : []),
      ...(profiled && HOST_PROFILES && PROFILE_INTERVAL ? [`--cpu-prof-interval=${PROFILE_INTERVAL}`] : []),
      ...(bundle ? [runBundle, bundle] : [cli]),
      'start',
      '--no-open',
      '--port',
      '0',
      '--backend',
      'memory',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  hostChildren.add(child);
  child.once('exit', () => {
    hostChildren.delete(child);
    // Each bench host gets a fresh folder; nothing in it is read once the host has gone.
    rmSync(dataDir, { recursive: true, force: true });
  });
  let out = '';
  return new Promise<HostChild>((done, fail) => {
    child.stdout!.on('data', (d) => {
      if (HOST_STDOUT) appendFileSync(HOST_STDOUT, d as Buffer);
      out += d;
      const ui = /UI:\s+(\S+)/.exec(out)?.[1];
      const mcp = /MCP:\s+(\S+)/.exec(out)?.[1];
      if (ui && mcp) done({ child, mcpUrl: mcp, token: new URL(ui).hash.replace('#token=', ''), dataDir });
    });
    child.once('exit', (code) => fail(new Error(`host exited ${code}: ${out}`)));
  });
}

/** utime + stime of a process in ms (Linux /proc; clock ticks are 100 Hz on every Linux we run). */
export const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/**
 * How many times a process's threads went to sleep so far (voluntary context switches: waiting in epoll, on a
 * futex, for the disk), all threads and the main thread alone. Each sleep is a wake-up later: on an idle
 * machine a wake-up costs more CPU than on a busy one (see docs/performance.md, session 23).
 */
export function sleeps(pid: number): { all: number; main: number } {
  let all = 0;
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    } catch {
      continue; // a thread that ended meanwhile
    }
    const count = Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status)?.[1] ?? 0);
    all += count;
    if (tid === String(pid)) main = count;
  }
  return { all, main };
}
