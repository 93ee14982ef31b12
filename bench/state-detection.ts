/**
 * State detection benchmark (run: `npx tsx bench/state-detection.ts`; full counts with STRESS=1).
 *  1. Latency: a keystroke that changes a real bash pane's screen (prompt ⇄ "Continue? " question) on
 *     the embedded iTerm2-API server → (a) the server's own screen-update notification reaching the
 *     host (baseline, same run) and (b) the `health.state_changed` event, with 1 and with N agents
 *     changing at once. (b) includes the debounce by design; the table also shows (b) − (a) − debounce,
 *     the cost of reading the screen, detecting and publishing.
 *  2. Host CPU (this process: host + embedded server; the shells are other processes) over a window
 *     with N idle agents and with N printing agents (10 lines/s each), with state detection on, and
 *     the same panes with detection switched off: the ratio is what detection costs.
 * Prints JSON and a table; writes bench/results/state-detection.json.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_TIMINGS, type BackendEvent } from '../packages/core/src/index';
import { humanCaller } from '../packages/protocol/src/index';
import { report, summarize, size } from './stats';
import { BENCH_BASH, simStack, type SimStack } from './support/sim-stack';

const STRESS = process.env['STRESS'] === '1';
const MANY = size('LATENCY_AGENTS', 20, { stress: 100, smoke: 2 });
const CPU_AGENTS = size('CPU_AGENTS', 20, { stress: 200, smoke: 2 });
const ROUNDS_ONE = size('ROUNDS_ONE', 20, { stress: 60, smoke: 2 });
const ROUNDS_MANY = size('ROUNDS_MANY', 4, { stress: 10, smoke: 1 });
const CPU_WINDOW_MS = size('CPU_WINDOW_MS', 4_000, { stress: 10_000, smoke: 500 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASH = BENCH_BASH;


type Stack = SimStack;

async function spawnShells(s: Stack, count: number, prefix: string, command = BASH) {
  const agents: { id: string; paneId: string }[] = [];
  for (let i = 0; i < count; i++) {
    // A team per agent: each gets a window of its own (splitting one 80x25 window 100 times is impossible).
    await s.orchestrator.invoke(humanCaller, 'team.create', { name: `${prefix}-team-${i}` });
    agents.push(await s.orchestrator.invoke(humanCaller, 'agent.spawn', { name: `${prefix}-${i}`, kind: 'shell', command, team: `${prefix}-team-${i}` }) as { id: string; paneId: string });
  }
  return agents;
}

async function waitFor(check: () => boolean, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('bench: condition not met in time');
    await sleep(5);
  }
}

/** One round: every agent's screen flips to the other state; returns per-agent latencies. */
async function flipAll(s: Stack, agents: { id: string; paneId: string }[], toQuestion: boolean) {
  const target = toQuestion ? 'waiting_for_input' : 'idle';
  const screenAt = new Map<string, number>();
  const stateAt = new Map<string, number>();
  const byPane = new Map(agents.map((a) => [a.paneId, a.id]));
  const sentAt = new Map<string, number>();
  const offBackend = s.backend.onEvent((event: BackendEvent) => {
    if (event.type !== 'pane.output') return;
    const agentId = byPane.get(event.paneId);
    if (agentId && sentAt.has(agentId) && !screenAt.has(agentId)) screenAt.set(agentId, performance.now());
  });
  const offBus = s.orchestrator.subscribe((event) => {
    if (event.type === 'health.state_changed' && event.health.state === target && sentAt.has(event.agentId) && !stateAt.has(event.agentId)) stateAt.set(event.agentId, performance.now());
  });
  for (const agent of agents) {
    sentAt.set(agent.id, performance.now());
    await s.backend.sendText(agent.paneId, toQuestion ? 'read -p "Continue? " x\r' : '\r');
  }
  await waitFor(() => stateAt.size === agents.length);
  offBackend();
  offBus();
  return agents.map((a) => ({ screen: screenAt.get(a.id)! - sentAt.get(a.id)!, state: stateAt.get(a.id)! - sentAt.get(a.id)! }));
}

async function latency(count: number, rounds: number) {
  const s = await simStack();
  try {
    const agents = await spawnShells(s, count, `lat${count}`);
    await waitFor(() => agents.every((a) => s.orchestrator.health.get(a.id).state === 'idle'), 60_000);
    const samples: { screen: number; state: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      samples.push(...(await flipAll(s, agents, true)));
      samples.push(...(await flipAll(s, agents, false)));
    }
    return samples;
  } finally {
    await s.close();
  }
}

function cpuOver(windowMs: number): Promise<number> {
  const start = process.cpuUsage();
  const t0 = performance.now();
  return sleep(windowMs).then(() => {
    const used = process.cpuUsage(start);
    return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100;
  });
}

async function cpu(count: number) {
  const s = await simStack();
  try {
    const idle = await spawnShells(s, count, 'idle');
    await waitFor(() => idle.every((a) => s.orchestrator.health.get(a.id).state === 'idle'), 120_000);
    await sleep(1000);
    const idleOn = await cpuOver(CPU_WINDOW_MS);
    for (const agent of idle) await s.backend.sendText(agent.paneId, 'while true; do echo "building module $RANDOM"; sleep 0.1; done\r');
    await waitFor(() => idle.every((a) => s.orchestrator.health.get(a.id).state === 'working'), 120_000);
    const printingOn = await cpuOver(CPU_WINDOW_MS);
    s.orchestrator.health.close(); // same panes, same output, no state detection
    const printingOff = await cpuOver(CPU_WINDOW_MS);
    return { idleOn, printingOn, printingOff };
  } finally {
    await s.close();
  }
}

const one = await latency(1, ROUNDS_ONE);
const many = await latency(MANY, ROUNDS_MANY);
const load = await cpu(CPU_AGENTS);
const row = (samples: { screen: number; state: number }[], key: 'screen' | 'state') => summarize(samples.map((x) => x[key]));
const overhead = (samples: { screen: number; state: number }[]) => summarize(samples.map((x) => x.state - x.screen - DEFAULT_TIMINGS.debounceMs));
const s1 = row(one, 'screen');
const d1 = row(one, 'state');
const sN = row(many, 'screen');
const dN = row(many, 'state');
await report(
  'state-detection',
  {
    '1 agent: keystroke → server screen update (ms)': { ...s1 },
    '1 agent: keystroke → health.state_changed (ms)': { ...d1 },
    '1 agent: detection cost beyond debounce (ms)': { ...overhead(one) },
    [`${MANY} agents: keystroke → server screen update (ms)`]: { ...sN },
    [`${MANY} agents: keystroke → health.state_changed (ms)`]: { ...dN },
    [`${MANY} agents: detection cost beyond debounce (ms)`]: { ...overhead(many) },
    'ratio state / screen, p50 (1 agent)': { n: one.length, p50: d1.p50 / s1.p50, p99: d1.p99 / s1.p99, mean: d1.mean / s1.mean },
    [`ratio state / screen, p50 (${MANY} agents)`]: { n: many.length, p50: dN.p50 / sN.p50, p99: dN.p99 / sN.p99, mean: dN.mean / sN.mean },
    [`host CPU % with ${CPU_AGENTS} agents`]: { idle: load.idleOn, printing: load.printingOn, 'printing, detection off': load.printingOff, 'ratio on/off printing': load.printingOn / load.printingOff },
  },
  { debounceMs: DEFAULT_TIMINGS.debounceMs, latencyAgents: MANY, cpuAgents: CPU_AGENTS, cpuWindowMs: CPU_WINDOW_MS, stress: STRESS },
);
process.exit(0);
