// approval.request (agent waits) → approval.decide (human, on the approval.requested event) → waiter
// woken, through the dispatcher on a WAL SQLite file, vs a bare SQLite round trip of the same shape
// (insert the item, update it with the decision, read it back) on a second file, same run.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { measure, report, summarize, size } from './stats';

const N = size('BENCH_N', 2000, { stress: 20_000, smoke: 20 });
const WARMUP = 200;
const dir = mkdtempSync(join(tmpdir(), 'sb-bench-approvals-'));

const orchestrator = createOrchestrator({
  databasePath: join(dir, 'switchboard.db'),
  backend: createMemoryBackend(),
});
const { agent } = await orchestrator.fleet.spawn({
  name: 'bench-agent',
  kind: 'shell',
  role: 'orchestrator',
});
await orchestrator.invoke(humanCaller, 'role.update', {
  name: 'orchestrator',
  rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
});
const agentCaller = { kind: 'agent' as const, id: agent.id };
// The human decides each item as soon as it appears, the way the UI's queue would.
orchestrator.subscribe((event) => {
  if (event.type !== 'approval.requested') return;
  // Items a policy already decided answer `conflict`; that is expected here.
  orchestrator
    .invoke(humanCaller, 'approval.decide', { decisions: [{ id: event.approval.id, verdict: 'approve' }] })
    .catch(() => undefined);
});
let i = 0;
const queueSamples = await measure(N, WARMUP, async () => {
  const result = (await orchestrator.invoke(agentCaller, 'approval.request', {
    kind: 'permission',
    summary: `run step ${i++}`,
    payload: { command: 'npm test' },
    waitMs: 60_000,
  })) as {
    approval: { status: string };
  };
  if (result.approval.status !== 'approved') throw new Error(`unexpected ${result.approval.status}`);
});

// Policy path: an auto-approve policy decides inside the request, no second call.
await orchestrator.invoke(humanCaller, 'policy.add', { kind: 'plan_step', action: 'approve' });
const policySamples = await measure(N, WARMUP, async () => {
  const result = (await orchestrator.invoke(agentCaller, 'approval.request', {
    kind: 'plan_step',
    summary: `auto ${i++}`,
    waitMs: 60_000,
  })) as { approval: { status: string; decision: { decidedBy: string } | null } };
  // Decided by the policy inside the request, not by the subscriber's second call: else this leg times the other path.
  if (result.approval.status !== 'approved' || !result.approval.decision?.decidedBy.startsWith('policy:'))
    throw new Error(
      `policy path: ${result.approval.status} by ${result.approval.decision?.decidedBy ?? 'nobody'}`,
    );
});

const bare = new Database(join(dir, 'bare.db'));
bare.pragma('journal_mode = WAL');
bare.pragma('synchronous = NORMAL');
bare.exec(
  'CREATE TABLE items (id INTEGER PRIMARY KEY, summary TEXT NOT NULL, status TEXT NOT NULL, decision TEXT)',
);
const insert = bare.prepare("INSERT INTO items (summary, status) VALUES (?, 'pending')");
const update = bare.prepare("UPDATE items SET status = 'approved', decision = ? WHERE id = ?");
const select = bare.prepare('SELECT * FROM items WHERE id = ?');
const bareSamples = await measure(N, WARMUP, async () => {
  const id = insert.run(`run step ${i++}`).lastInsertRowid;
  update.run('{"verdict":"approve"}', id);
  select.get(id);
});

const queue = summarize(queueSamples);
const policy = summarize(policySamples);
const base = summarize(bareSamples);
const ratio = (s: typeof queue) => ({
  n: N,
  p50: s.p50 / base.p50,
  p99: s.p99 / base.p99,
  mean: s.mean / base.mean,
});
await report(
  'approvals',
  {
    'request → human decide → waiter woken (ms)': { ...queue },
    'request → policy decide → returned (ms)': { ...policy },
    'bare SQLite insert+update+select (ms)': { ...base },
    'ratio human path / bare': ratio(queue),
    'ratio policy path / bare': ratio(policy),
  },
  {
    database: 'WAL file, synchronous=NORMAL',
    loadAverage1m: loadavg()[0],
    note: 'p99 is sensitive to CPU contention; compare ratios from the same run',
  },
);
bare.close();
await orchestrator.close();
