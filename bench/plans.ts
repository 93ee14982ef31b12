// A plan of 500 steps over 100 agents, through the dispatcher on a WAL SQLite file (synchronous=FULL, as
// the host runs it): plan.create, then each step completed by its assignee as soon as it runs. Core time
// per step transition (a start or a completion: the step's row, its instruction message, its events)
// against a bare SQLite baseline of the same writes on a second file, same run. Target: ≤ 5 ms per transition.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller, type Plan } from '@switchboard/protocol';
import { report, size, summarize } from './stats';

const STEPS = size('BENCH_STEPS', 500, { stress: 1000, smoke: 20 });
const AGENTS = size('BENCH_AGENTS', 100, { smoke: 5 });
const LAYERS = 5;
const dir = mkdtempSync(join(tmpdir(), 'sb-bench-plans-'));

const orchestrator = createOrchestrator({
  databasePath: join(dir, 'switchboard.db'),
  backend: createMemoryBackend(),
});
await orchestrator.ready;
const agents: string[] = [];
for (let i = 0; i < AGENTS; i++)
  agents.push((await orchestrator.fleet.spawn({ name: `w${i}`, kind: 'shell', role: 'builder' })).agent.id);

// Layers of steps; each step after the first layer depends on two steps of the layer before (a wide DAG).
const perLayer = Math.ceil(STEPS / LAYERS);
let seed = 1;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const steps = Array.from({ length: STEPS }, (_, i) => {
  const layer = Math.floor(i / perLayer);
  const previous = Array.from({ length: perLayer }, (_, k) => (layer - 1) * perLayer + k).filter(
    (k) => k >= 0 && k < i,
  );
  const dependsOn =
    layer === 0 ? [] : [...new Set([0, 1].map(() => `s${previous[Math.floor(random() * previous.length)]}`))];
  return { id: `s${i}`, task: `step ${i}: do the thing`, assignee: { agent: `w${i % AGENTS}` }, dependsOn };
});

let transitions = 0;
orchestrator.subscribe((event) => {
  if (event.type === 'plan.step_started' || event.type === 'plan.step_completed') transitions++;
});
const cpuStart = process.cpuUsage();
const createStart = performance.now();
let plan = (await orchestrator.invoke(humanCaller, 'plan.create', { name: 'bench', steps })) as Plan;
const createMs = performance.now() - createStart;
const startedByCreate = transitions;

const completeSamples: number[] = [];
let coreMs = createMs;
while (plan.state === 'running') {
  const running = plan.steps.filter((s) => s.state === 'running');
  for (const step of running) {
    const start = performance.now();
    await orchestrator.invoke({ kind: 'agent', id: step.assigneeId! }, 'plan.completeStep', {
      plan: plan.id,
      step: step.id,
      output: 'done',
    });
    const elapsed = performance.now() - start;
    completeSamples.push(elapsed);
    coreMs += elapsed;
  }
  plan = (await orchestrator.invoke(humanCaller, 'plan.get', { plan: plan.id })) as Plan;
}
// CPU time of this process (user + system) over create and every completion: core's own work, without waiting on fsync.
const cpu = process.cpuUsage(cpuStart);
const cpuPerTransition = (cpu.user + cpu.system) / 1000 / transitions;
if (plan.state !== 'completed' || transitions !== 2 * STEPS)
  throw new Error(`plan ${plan.state}, ${transitions} transitions`);

// Baseline: the same durable writes without Switchboard: per transition one step-row update, and per start one message insert.
const bare = new Database(join(dir, 'bare.db'));
bare.pragma('journal_mode = WAL');
bare.pragma('synchronous = FULL');
bare.exec(
  'CREATE TABLE steps (id TEXT PRIMARY KEY, state TEXT NOT NULL, output TEXT); CREATE TABLE messages (id INTEGER PRIMARY KEY, recipient TEXT, body TEXT)',
);
const insertStep = bare.prepare("INSERT INTO steps (id, state) VALUES (?, 'waiting')");
const setState = bare.prepare('UPDATE steps SET state = ?, output = ? WHERE id = ?');
const insertMessage = bare.prepare('INSERT INTO messages (recipient, body) VALUES (?, ?)');
bare.transaction(() => steps.forEach((s) => insertStep.run(s.id)))();
const bareSamples: number[] = [];
for (const step of steps) {
  const start = performance.now();
  bare.transaction(() => {
    setState.run('running', null, step.id);
    insertMessage.run(step.assignee.agent, step.task);
  })();
  bare.transaction(() => setState.run('completed', 'done', step.id))();
  bareSamples.push((performance.now() - start) / 2);
}

const complete = summarize(completeSamples);
const base = summarize(bareSamples);
const perTransition = coreMs / transitions;
await report(
  'plans',
  {
    'plan.create (ms, validates and starts the first layer)': {
      n: 1,
      p50: createMs,
      p99: createMs,
      mean: createMs,
    },
    'plan.completeStep (ms, completes one and starts its ready dependents)': { ...complete },
    'core time per transition (ms)': {
      n: transitions,
      p50: perTransition,
      p99: perTransition,
      mean: perTransition,
    },
    'CPU time per transition (ms, user+system, includes plan.get polling)': {
      n: transitions,
      p50: cpuPerTransition,
      p99: cpuPerTransition,
      mean: cpuPerTransition,
    },
    'bare SQLite per transition (ms)': { ...base },
    'ratio per transition / bare': {
      n: transitions,
      p50: perTransition / base.p50,
      p99: perTransition / base.p99,
      mean: perTransition / base.mean,
    },
  },
  {
    steps: STEPS,
    agents: AGENTS,
    layers: LAYERS,
    transitions,
    startedByCreate,
    targetMsPerTransition: 5,
    metWallClock: perTransition <= 5,
    metCpu: cpuPerTransition <= 5,
    database: 'WAL file, synchronous=FULL',
    loadAverage1m: loadavg()[0],
  },
);
bare.close();
await orchestrator.close();
