// Retention at 1,000,000 acknowledged messages (smoke: 2,000): the sweep down to the cap (time per 1,000 rows,
// its longest batch and the event loop's longest stall while it runs), and the human's queries over messages
// (history, a peer's history, the flow graph, the fleet search, retention.get) at the full table, at the cap and
// at 1,000 rows, all in the same run. Rows are loaded straight into the tables (with their index rows), as
// years of traffic would have left them; then everything goes through the real orchestrator.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller, type RetentionSweep } from '@switchboard/protocol';
import { measure, report, size, summarize } from './stats';

const ROWS = size('BENCH_ROWS', 1_000_000, { smoke: 2_000 });
const CAP = size('BENCH_CAP', 50_000, { smoke: 500 });
const SMALL = size('BENCH_SMALL', 1_000, { smoke: 100 });
const N = size('BENCH_N', 20, { smoke: 2 });
const DAY_MS = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'sb-bench-retention-'));
const databasePath = join(dir, 'switchboard.db');

const orchestrator = createOrchestrator({
  databasePath,
  backend: createMemoryBackend(),
  dataDir: dir,
  // No timed sweep during the bench: each sweep measured is asked for.
  retention: { intervalMinutes: 10_080 },
});
await orchestrator.ready;
const human = <T>(name: string, input: unknown) =>
  orchestrator.invoke(humanCaller, name, input) as Promise<T>;
const spawn = (name: string) => human<{ id: string }>('agent.spawn', { name, role: 'builder' });
const [a, b] = [await spawn('bench-a'), await spawn('bench-b')];

// Twenty words a message from a 5,000-word vocabulary; one message in 1,000 says "needle".
const words = (i: number) =>
  Array.from({ length: 20 }, (_, j) => `w${((i * 7919 + j * 104_729) % 5000).toString(36)}`).join(' ') +
  (i % 1000 === 0 ? ' needle' : '');
const loader = new Database(databasePath);
const fillStarted = performance.now();
const now = Date.now();
loader.transaction(() => {
  const message =
    loader.prepare(`INSERT INTO messages (id, kind, sender_id, body, priority, content_hash, created_ms)
    VALUES (?, 'notification', ?, ?, 1, ?, ?)`);
  const delivery =
    loader.prepare(`INSERT INTO message_deliveries (message_id, recipient_id, sender_id, kind, priority,
    content_hash, state, created_ms, delivered_ms, acked_ms, ended_ms) VALUES (?, ?, ?, 'notification', 1, ?, 'acked', ?, ?, ?, ?)`);
  const indexRow = loader.prepare('INSERT INTO message_fts(rowid, message_id, body) VALUES (?, ?, ?)');
  for (let i = 0; i < ROWS; i++) {
    const id = `bench-${i}`;
    const at = now - 60 * DAY_MS + Math.floor((i * 60 * DAY_MS) / ROWS);
    const body = words(i);
    const { lastInsertRowid } = message.run(id, a.id, body, `h${i}`, at);
    delivery.run(id, b.id, a.id, `h${i}`, at, at, at, at);
    indexRow.run(lastInsertRowid, id, body);
  }
  loader
    .prepare(
      `UPDATE message_fts_state SET (indexed_upto, indexed_id) =
        (SELECT max(rowid), (SELECT id FROM messages ORDER BY rowid DESC LIMIT 1) FROM messages)`,
    )
    .run();
})();
const fillSeconds = (performance.now() - fillStarted) / 1000;

const queries: Record<string, () => Promise<unknown>> = {
  'message.history limit 100': () => human('message.history', { limit: 100 }),
  "message.history of bench-b's with bench-a": () =>
    human('message.history', { agent: 'bench-b', peer: 'bench-a', limit: 100 }),
  'message.flow (whole table)': () => human('message.flow', {}),
  'fleet.search a rare word in messages': () =>
    human('fleet.search', { query: 'needle', sources: ['message'] }),
  'retention.get (row counts)': () => human('retention.get', {}),
};
const rows: Record<string, Record<string, number>> = {};
/** At the full table a flow query reads every row into JavaScript (seconds each): fewer samples there. */
async function queriesAt(label: string, n = N) {
  for (const [name, run] of Object.entries(queries)) {
    const s = summarize(await measure(n, 1, run));
    rows[`${name} (ms)`] = { ...rows[`${name} (ms)`], [`${label} p50`]: s.p50, [`${label} p99`]: s.p99 };
  }
}

interface Swept {
  sweep: RetentionSweep;
  loopMaxMs: number;
  loopP99Ms: number;
  cpuMs: number;
}

/** A sweep down to `maxRows`, with the event loop's delays meanwhile and the process's CPU time (user + system). */
async function sweepTo(maxRows: number): Promise<Swept> {
  await human('retention.configure', { limits: { messages: { maxRows, maxAgeDays: null } } });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const sweep = await human<RetentionSweep>('retention.sweep', {});
  const { user, system } = process.cpuUsage(cpu);
  loop.disable();
  return {
    sweep,
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    cpuMs: (user + system) / 1000,
  };
}

await queriesAt('full', Math.min(N, 5));
const toCap = await sweepTo(CAP);
await queriesAt('cap');
const toSmall = await sweepTo(SMALL);
await queriesAt('small');

for (const [label, { sweep, loopMaxMs, loopP99Ms, cpuMs }] of [
  ['full → cap', toCap],
  ['cap → small', toSmall],
] as const) {
  const dropped = sweep.dropped.messages ?? 0;
  rows[`sweep ${label}`] = {
    dropped,
    batches: sweep.batches,
    seconds: sweep.durationMs / 1000,
    'ms per 1,000 rows': (sweep.durationMs / Math.max(1, dropped)) * 1000,
    'CPU ms per 1,000 rows': (cpuMs / Math.max(1, dropped)) * 1000,
    'longest batch ms': sweep.longestBatchMs,
    'event loop max delay ms': loopMaxMs,
    'event loop p99 delay ms': loopP99Ms,
  };
}
await report('retention-sweep', rows, {
  rows: ROWS,
  cap: CAP,
  small: SMALL,
  fillSeconds,
  loadAverage1m: loadavg()[0],
  goal: 'a sweep never stalls the loop for long (longest batch ~20 ms); queries at the cap stay fast',
});
loader.close();
await orchestrator.close();
rmSync(dir, { recursive: true, force: true });
