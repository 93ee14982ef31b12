/**
 * Spawning and per-agent footprint on the embedded iTerm2-API server (run: `npx tsx bench/spawn-footprint.ts`).
 *  1. Time to spawn N shell agents (`agent.spawn`, the launcher, its launch file, the pane's decoration,
 *     the layout) against the same-run baseline of N bare panes (`createPane` running the same shell).
 *  2. Idle footprint: the resident set (ps RSS) of every process in the agents' panes, per agent,
 *     against bare panes running the same shell: the launcher's overhead is the difference.
 * Prints JSON and a table; writes bench/results/spawn-footprint.json.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { humanCaller } from '@switchboard/protocol';
import { report, size } from './stats';
import { simStack } from './support/sim-stack';

const AGENTS = size('AGENTS', 50, { stress: 200, smoke: 3 });
/** The agents' program: a shell that waits, as an idle agent CLI would. */
const IDLE_COMMAND = '/bin/sh';

interface Proc { pid: number; ppid: number; rss: number; args: string }

function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n').filter(Boolean).map((line) => {
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
      if (child.args.includes('launch-agent')) launchers++;
      walk(child.pid);
    }
  };
  walk(root);
  return { count, rssKb, launchers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

async function main() {
  // Baseline: bare panes running the same program, no Switchboard agent around them.
  const bare = await simStack();
  const before = descendantsRss(process.pid);
  let start = performance.now();
  for (let i = 0; i < AGENTS; i++) await bare.backend.createPane({ command: IDLE_COMMAND });
  const bareMs = performance.now() - start;
  await settle();
  const bareRss = descendantsRss(process.pid);
  await bare.close();
  await settle();

  const stack = await simStack();
  start = performance.now();
  for (let i = 0; i < AGENTS; i++) await stack.orchestrator.invoke(humanCaller, 'agent.spawn', { name: `idle-${i}`, kind: 'custom', command: IDLE_COMMAND });
  const spawnMs = performance.now() - start;
  await settle();
  const agentRss = descendantsRss(process.pid);
  const hostRssKb = Math.round(process.memoryUsage().rss / 1024);
  await stack.close();

  const perBare = (bareRss.rssKb - before.rssKb) / AGENTS;
  const perAgent = (agentRss.rssKb - before.rssKb) / AGENTS;
  await report('spawn-footprint', {
    'bare panes (baseline)': { n: AGENTS, totalMs: bareMs, perPaneMs: bareMs / AGENTS, processes: bareRss.count - before.count, rssKbPerPane: perBare },
    'shell agents': { n: AGENTS, totalMs: spawnMs, perPaneMs: spawnMs / AGENTS, processes: agentRss.count - before.count, rssKbPerPane: perAgent },
    'agents vs bare': { n: AGENTS, totalMs: spawnMs / bareMs, perPaneMs: spawnMs / bareMs, processes: (agentRss.count - before.count) / Math.max(1, bareRss.count - before.count), rssKbPerPane: perAgent - perBare },
  }, { residentLaunchers: agentRss.launchers, hostRssKb, note: 'last row: time as a ratio, processes as a ratio, RSS as kB per agent over a bare pane' });
}

await main();
