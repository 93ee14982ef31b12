// Retention of the logs (session 22): the audit chain, health transitions and the recovery log. Two
// databases in the same run: one at ROWS rows of each (200,000; STRESS 1,000,000; smoke 2,500) and one at
// SMALL (1,000). Through the real orchestrator, taking turns: audit.list (the audit view's newest page,
// and filtered by a rare action) and audit.verify, at ROWS vs at SMALL. Then retention sweeps of the big
// one down to half of each kind (one kind per sweep, the sweeper's own batch sizes): ms per 1,000 rows
// pruned (the sweep's wall time) and the longest batch (one transaction: the longest the host's loop waits),
// then audit.verify (it must still say ok, from the anchor) and audit.list at the cap.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, createMemoryBackend, createOrchestrator, entryHash } from '@switchboard/core';
import {
  humanCaller,
  type AuditVerification,
  type CommandInput,
  type RetentionSweep,
} from '@switchboard/protocol';
import { measure, report, size, summarize, SMOKE } from './stats';

// Smoke: 2,500, so that half of it is above the audit's floor of 1,000 entries.
const ROWS = size('BENCH_ROWS', 200_000, { stress: 1_000_000, smoke: 2500 });
const SMALL = Math.min(1000, ROWS);
const N = size('BENCH_N', 200, { smoke: 5 });
const VERIFY_N = size('BENCH_VERIFY_N', 5, { smoke: 1 });
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'sb-bench-log-retention-'));

/** A database the orchestrator made (its schema), filled by a second connection: `rows` of each log. */
async function filledDatabase(name: string, rows: number): Promise<string> {
  const path = join(dir, `${name}.db`);
  const first = createOrchestrator({ databasePath: path, backend: createMemoryBackend() });
  await first.ready;
  await first.close();
  const db = new Database(path);
  const startMs = Date.now() - 60 * DAY;
  const stepMs = (60 * DAY) / rows;
  const auditRow = db.prepare(
    `INSERT INTO audit_log (sequence, at, actor_kind, actor_id, action, target, outcome, details, previous_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const healthRow = db.prepare(
    'INSERT INTO health_transitions (agent_id, state, since, confidence, unsure, signals) VALUES (?, ?, ?, ?, 0, ?)',
  );
  const recoveryRow = db.prepare(
    `INSERT INTO recovery_log (agent_id, agent_name, action, trigger, outcome, reason, detail, attempt, at_ms)
      VALUES (?, ?, 'interrupt', 'hung', 'ok', 'no output for 120 s while busy', '', 1, ?)`,
  );
  const head = db
    .prepare<[], { sequence: number; hash: string }>('SELECT sequence, hash FROM audit_head')
    .get();
  db.transaction(() => {
    let previous = head?.hash ?? GENESIS_HASH;
    for (let i = 1; i <= rows; i++) {
      const atMs = startMs + i * stepMs;
      const agent = `agent-${i % 20}`;
      const fields = {
        at: new Date(atMs).toISOString(),
        actorKind: 'agent',
        actorId: agent,
        action: i % Math.ceil(rows / 200) === 0 ? 'agent.spawn' : 'message.send',
        target: `agent-${(i + 1) % 20}`,
        outcome: 'ok',
        details: JSON.stringify({ kind: 'request', bytes: i % 4096 }),
      };
      const hash = entryHash(previous, fields);
      auditRow.run((head?.sequence ?? 0) + i, ...Object.values(fields), previous, hash);
      previous = hash;
      healthRow.run(agent, i % 2 ? 'working' : 'idle', fields.at, 'high', '[]');
      recoveryRow.run(agent, agent, Math.round(atMs));
    }
  })();
  db.close();
  return path;
}

const fillStarted = performance.now();
const [smallPath, bigPath] = [await filledDatabase('small', SMALL), await filledDatabase('big', ROWS)];
const fillSeconds = (performance.now() - fillStarted) / 1000;
// No limits on the logs until the bench sets them: the start-up sweep must not prune what was filled.
const LOGS = ['healthTransitions', 'recoveryLog', 'audit'] as const;
const retention = {
  limits: Object.fromEntries(LOGS.map((kind) => [kind, { maxAgeDays: null, maxRows: null }])),
};
const small = createOrchestrator({ databasePath: smallPath, backend: createMemoryBackend(), retention });
const big = createOrchestrator({ databasePath: bigPath, backend: createMemoryBackend(), retention });
await Promise.all([small.ready, big.ready]);

type Orchestrator = typeof big;
const call = <C extends 'audit.list' | 'audit.verify'>(o: Orchestrator, command: C, input: CommandInput<C>) =>
  o.invoke(humanCaller, command, input);
const reads = {
  'audit.list newest 200': (o: Orchestrator) => call(o, 'audit.list', { newestFirst: true, limit: 200 }),
  'audit.list action (200 entries of it in each store), newest 200': (o: Orchestrator) =>
    call(o, 'audit.list', { newestFirst: true, action: 'agent.spawn', limit: 200 }),
} as const;

const rows: Record<string, Record<string, number>> = {};
for (const [name, read] of Object.entries(reads)) {
  // Alternating legs, each measured twice in swapped order: the first leg of a bench pays V8's warm-up.
  const bigFirst = summarize(await measure(N, 20, () => read(big)));
  const smallSamples = summarize(await measure(N, 20, () => read(small)));
  const bigSecond = summarize(await measure(N, 20, () => read(big)));
  const bigP50 = Math.min(bigFirst.p50, bigSecond.p50);
  rows[`${name} (ms)`] = {
    [`at ${ROWS}`]: bigP50,
    [`at ${SMALL}`]: smallSamples.p50,
    ratio: bigP50 / smallSamples.p50,
  };
}
const verifySmall = summarize(await measure(VERIFY_N, 1, () => call(small, 'audit.verify', {})));
const verifyBig = summarize(await measure(VERIFY_N, 0, () => call(big, 'audit.verify', {})));
// The longest the host's event loop waited while audit.verify ran over the big chain: the largest gap
// between the ticks of a 1 ms interval timer (a loop blocked for the whole walk shows it as one gap).
let lastTick = performance.now();
let longestGap = 0;
const ticker = setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - lastTick);
  lastTick = now;
}, 1);
const verdict = (await call(big, 'audit.verify', {})) as { ok: boolean };
await new Promise((resolve) => setTimeout(resolve, 20));
clearInterval(ticker);
if (!verdict.ok) throw new Error('the filled chain does not verify');
rows['audit.verify: longest event-loop stall (ms)'] = { [`at ${ROWS}`]: longestGap };
rows['audit.verify p50 (ms)'] = {
  [`at ${ROWS}`]: verifyBig.p50,
  [`at ${SMALL}`]: verifySmall.p50,
  'µs per entry': (verifyBig.p50 * 1000) / ROWS,
};

// Retention sweeps of the big store down to half of each log, one kind per sweep.
for (const kind of LOGS) {
  await big.invoke(humanCaller, 'retention.configure', {
    limits: { [kind]: { maxAgeDays: null, maxRows: Math.floor(ROWS / 2) } },
  });
  const started = performance.now();
  const sweep = (await big.invoke(humanCaller, 'retention.sweep', {})) as RetentionSweep;
  const wallMs = performance.now() - started;
  const dropped = sweep.dropped[kind] ?? 0;
  if (dropped < ROWS / 2 - 1) throw new Error(`the ${kind} sweep dropped only ${dropped}`);
  rows[`sweep ${kind} to ${Math.floor(ROWS / 2)}`] = {
    dropped,
    'ms per 1,000 rows': (wallMs * 1000) / dropped,
    'longest batch (ms)': sweep.longestBatchMs,
    batches: sweep.batches,
  };
}
const pruned = (await call(big, 'audit.verify', {})) as AuditVerification;
if (!pruned.ok || !pruned.pruned) throw new Error('the pruned chain does not verify from its anchor');
const atCap = summarize(await measure(N, 20, () => reads['audit.list newest 200'](big)));
rows[`audit.list newest 200 after the prune, at ${Math.floor(ROWS / 2)} (ms)`] = {
  p50: atCap.p50,
  p99: atCap.p99,
};
await small.close();
await big.close();

await report('log-retention', rows, {
  rowsPerLog: ROWS,
  small: SMALL,
  fillSeconds,
  smoke: SMOKE,
  loadAverage1m: loadavg()[0],
});
rmSync(dir, { recursive: true, force: true });
