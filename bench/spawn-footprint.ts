/**
 * Spawning and per-agent footprint on the embedded iTerm2-API server (run: `npx tsx bench/spawn-footprint.ts`;
 * N = 50, STRESS=1: 200, smoke: 5, AGENTS=n to choose).
 *  1. Time to spawn N shell agents, one at a time (`agent.spawn`) and as a batch (`template.spawn`,
 *     bounded concurrency), against the same-run baselines of N bare panes (`createPane` running the
 *     same program) created one at a time and the same number at a time.
 *  2. Idle footprint: the resident set (ps RSS) of every process in the agents' panes, per agent,
 *     against bare panes running the same program: the launcher's overhead is the difference (≈ 0
 *     once it has exec'd the CLI), with one idle Node process's RSS for what the old launcher cost.
 *  3. The host's own memory after the batch and while its agents stay idle (IDLE_MS, STRESS=1: 2 min): this
 *     process's RSS and V8 heap (committed, used) every quarter of it; V8's memory reducer shrinks an idle heap
 *     (run `node --no-memory-reducer .cache/bench/bench-spawn-footprint.mjs` to see it without).
 * Prints JSON and a table; writes bench/results/spawn-footprint.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { humanCaller } from '@switchboard/protocol';
import { SPAWN_CONCURRENCY } from '../packages/core/src/fleet/agent-spawner';
import { report, size, SMOKE } from './stats';
import { simStack } from './support/sim-stack';

const AGENTS = size('AGENTS', 50, { stress: 200, smoke: 5 });
/** How long the batch's agents stay idle after it, the host's memory sampled every quarter (0: not at all). */
const IDLE_MS = size('IDLE_MS', 0, { stress: 120_000, smoke: 0 });
/** The agents' program: a shell that waits, as an idle agent CLI would. */
const IDLE_COMMAND = '/bin/sh';

interface Proc {
  pid: number;
  ppid: number;
  rss: number;
  args: string;
}

function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, rss, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), args: args.join(' ') };
    });
}

/** RSS (kB) of every process under `root` (not `root` itself: the sim server, which owns the ptys). */
function descendantsRss(root: number): { count: number; rssKb: number; launchers: number } {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const proc of all) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  let count = 0;
  let rssKb = 0;
  let launchers = 0;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (child.args.startsWith('ps ')) continue;
      count++;
      rssKb += child.rss;
      // The launcher itself (`/bin/sh …/launch-agent.sh FILE`, or the old `node …/launch-agent.js FILE`), not the
      // terminal's own `sh -c '<pane command>'` wrapper around it, which bare panes have too.
      if (/^\S+ \S*launch-agent\.(sh|js) /.test(child.args)) launchers++;
      walk(child.pid);
    }
  };
  walk(root);
  return { count, rssKb, launchers };
}

/** Time for processes to start or exit before they are counted (short in the smoke run: nothing is judged there). */
const settle = () => new Promise((resolve) => setTimeout(resolve, SMOKE ? 200 : 1_500));

/** Runs `work(i)` for i < n, `limit` at a time. */
async function bounded(n: number, limit: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/** The resident set of one idle Node process: what each agent's resident Node launcher cost before the sh launcher. */
async function idleNodeRssKb(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
  await settle();
  const rss = processes().find((p) => p.pid === child.pid)?.rss ?? NaN;
  child.kill('SIGKILL');
  return rss;
}

type Stack = Awaited<ReturnType<typeof simStack>>;

/** This process's memory (the host, with the embedded server in it), kB. */
function hostMemoryKb() {
  const { rss, heapTotal, heapUsed } = process.memoryUsage();
  return {
    rssKb: Math.round(rss / 1024),
    heapCommittedKb: Math.round(heapTotal / 1024),
    heapUsedKb: Math.round(heapUsed / 1024),
  };
}

/** The host's memory now and every quarter of `ms` while nothing happens. */
async function idleMemory(ms: number) {
  const samples = [{ afterMs: 0, ...hostMemoryKb() }];
  for (let quarter = 1; quarter <= 4 && ms > 0; quarter++) {
    await new Promise((resolve) => setTimeout(resolve, ms / 4));
    samples.push({ afterMs: (ms / 4) * quarter, ...hostMemoryKb() });
  }
  return samples;
}

/**
 * Opens a stack, runs `create`, measures the time and the processes under this one (and the host's memory over
 * `idleMs` after it), and closes it.
 */
async function measureRun(create: (stack: Stack) => Promise<unknown>, idleMs = 0) {
  const stack = await simStack();
  // A pane created while core's start-up listing is in flight can be dropped by that stale listing (iterm-bridge).
  await stack.orchestrator.ready;
  const before = descendantsRss(process.pid);
  const start = performance.now();
  await create(stack);
  const ms = performance.now() - start;
  await settle();
  const after = descendantsRss(process.pid);
  const hostRssKb = Math.round(process.memoryUsage().rss / 1024);
  const idle = await idleMemory(idleMs);
  await stack.close();
  await settle();
  return {
    ms,
    processes: after.count - before.count,
    rssKb: after.rssKb - before.rssKb,
    launchers: after.launchers,
    hostRssKb,
    idle,
  };
}

const row = (run: Awaited<ReturnType<typeof measureRun>>) => ({
  n: AGENTS,
  totalMs: run.ms,
  perAgentMs: run.ms / AGENTS,
  processes: run.processes,
  rssKbPerAgent: run.rssKb / AGENTS,
  residentLaunchers: run.launchers,
});

async function main() {
  const bareSerial = await measureRun(async ({ backend }) => {
    for (let i = 0; i < AGENTS; i++) await backend.createPane({ command: IDLE_COMMAND });
  });
  const bareConcurrent = await measureRun(({ backend }) =>
    bounded(AGENTS, SPAWN_CONCURRENCY, () => backend.createPane({ command: IDLE_COMMAND })),
  );
  const serial = await measureRun(async ({ orchestrator }) => {
    for (let i = 0; i < AGENTS; i++)
      await orchestrator.invoke(humanCaller, 'agent.spawn', {
        name: `idle-${i}`,
        kind: 'custom',
        command: IDLE_COMMAND,
      });
  });
  const batch = await measureRun(async ({ orchestrator }) => {
    await orchestrator.invoke(humanCaller, 'template.save', {
      template: { name: 'idle', kind: 'custom', command: IDLE_COMMAND },
    });
    for (let left = AGENTS; left > 0; left -= 50) {
      const { failed } = (await orchestrator.invoke(humanCaller, 'template.spawn', {
        template: 'idle',
        count: Math.min(50, left),
      })) as { failed: unknown[] };
      if (failed.length > 0) throw new Error(`spawns failed: ${JSON.stringify(failed)}`);
    }
  }, IDLE_MS);
  await report(
    'spawn-footprint',
    {
      'bare panes, one at a time (baseline)': row(bareSerial),
      [`bare panes, ${SPAWN_CONCURRENCY} at a time (baseline)`]: row(bareConcurrent),
      'agents, agent.spawn one at a time': row(serial),
      [`agents, template.spawn (${SPAWN_CONCURRENCY} at a time)`]: row(batch),
    },
    {
      ratios: {
        serialSpawnVsBarePane: serial.ms / bareSerial.ms,
        batchSpawnVsConcurrentBarePanes: batch.ms / bareConcurrent.ms,
        batchVsSerialSpawn: batch.ms / serial.ms,
        launcherRssKbPerAgent: (batch.rssKb - bareConcurrent.rssKb) / AGENTS,
      },
      hostRssKbAfterBatch: batch.hostRssKb,
      [`host memory while the batch's agents idle (${IDLE_MS / 1000} s)`]: batch.idle,
      hostRssKbAfterIdle: batch.idle.at(-1)!.rssKb,
      idleNodeProcessRssKb: await idleNodeRssKb(),
      note: "processes and RSS: everything below the bench process (the embedded server owns the ptys: its `sh -c` wrapper per pane, then the pane's program); launcherRssKbPerAgent = agents minus bare panes; idleNodeProcessRssKb = what one resident Node launcher cost per agent before",
    },
  );
}

await main();
