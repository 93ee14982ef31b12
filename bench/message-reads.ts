// The human's reads over a big message table (1,000,000 messages; smoke 2,000), through the real
// orchestrator: the flow graph (whole table and the UI's default 5 minutes) and message history (newest
// page, a busy agent, a peer pair, a rare agent); and b's receive without a cursor (every open copy of its
// inbox owed: ~30 % of the rows as loaded, past the 10,000 quota; BENCH_ROWS=33000 puts it near the quota).
// For each: wall time and process CPU p50, and the event loop's longest stall
// while it ran (what every other caller of the host waits). Rows are loaded straight into the tables, as
// long traffic would have left them (retention off): agent a sends b notifications, every 10th a request
// that b answers (replyTo or correlation), c rarely writes. `BENCH_FLOW_N` samples the whole-table flow
// fewer times (it read every row into JavaScript before session 23: minutes at 1,000,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { report, size, summarize } from './stats';

const ROWS = size('BENCH_ROWS', 1_000_000, { smoke: 2_000 });
const N = size('BENCH_N', 5, { smoke: 1 });
const FLOW_N = size('BENCH_FLOW_N', 3, { smoke: 1 });
const dir = mkdtempSync(join(tmpdir(), 'sb-bench-message-reads-'));
const databasePath = join(dir, 'switchboard.db');
const off = { maxRows: null, maxAgeDays: null };
const orchestrator = createOrchestrator({
  databasePath,
  backend: createMemoryBackend(),
  dataDir: dir,
  retention: { intervalMinutes: 10_080, limits: { messages: off, humanInbox: off } },
});
await orchestrator.ready;
const human = <T>(name: string, input: unknown) =>
  orchestrator.invoke(humanCaller, name, input) as Promise<T>;
const spawn = (name: string) => human<{ id: string }>('agent.spawn', { name, role: 'builder' });
const [a, b, c] = [await spawn('bench-a'), await spawn('bench-b'), await spawn('bench-c')];

const loader = new Database(databasePath);
const fillStarted = performance.now();
const now = Date.now();
const STATES = ['acked', 'acked', 'acked', 'delivered', 'queued', 'expired'];
loader.transaction(() => {
  const message =
    loader.prepare(`INSERT INTO messages (id, kind, sender_id, body, correlation_id, reply_to, priority, content_hash, created_ms)
    VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`);
  const delivery =
    loader.prepare(`INSERT INTO message_deliveries (message_id, recipient_id, sender_id, kind, priority,
    content_hash, state, created_ms, delivered_ms, acked_ms, ended_ms) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < ROWS; i++) {
    const id = `bench-${i}`;
    const at = now - 30 * 86_400_000 + Math.floor((i * 30 * 86_400_000) / ROWS);
    let [kind, from, to] = ['notification', a.id, b.id];
    let [correlation, replyTo]: (string | null)[] = [null, null];
    if (i % 10 === 1) kind = 'request';
    if (i % 20 === 2) [kind, from, to, replyTo] = ['reply', b.id, a.id, `bench-${i - 1}`];
    if (i % 20 === 12) [kind, from, to, correlation] = ['reply', b.id, a.id, `bench-${i - 1}`];
    if (i % 1000 === 500) [from, to] = [c.id, a.id];
    message.run(id, kind, from, `note ${i}`, correlation, replyTo, `h${i}`, at);
    const delivered = i % 7 === 0 ? null : at + (i % 997);
    delivery.run(id, to, from, kind, `h${i}`, STATES[i % STATES.length], at, delivered, delivered, delivered);
  }
})();
const fillSeconds = (performance.now() - fillStarted) / 1000;
const openCopiesOfB = loader
  .prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM message_deliveries WHERE recipient_id = ? AND state IN ('queued', 'delivered')`,
  )
  .get(b.id)!.n;

const since = new Date(now - 5 * 60_000).toISOString();
const queries: [string, number, () => Promise<unknown>][] = [
  ['message.flow (whole table)', FLOW_N, () => human('message.flow', {})],
  ['message.flow (last 5 minutes)', N, () => human('message.flow', { since })],
  ['message.history newest 100', N, () => human('message.history', { limit: 100 })],
  ['message.history of bench-a (busy)', N, () => human('message.history', { agent: 'bench-a' })],
  [
    'message.history bench-b with bench-a',
    N,
    () => human('message.history', { agent: 'bench-b', peer: 'bench-a' }),
  ],
  ['message.history of bench-c (rare)', N, () => human('message.history', { agent: 'bench-c' })],
  // Every open copy of b's inbox owed, most urgent first: read from an index in that order since session 24.
  [
    'message.receive as bench-b, no cursor',
    N,
    () => orchestrator.invoke({ kind: 'agent', id: b.id }, 'message.receive', {}),
  ],
];
const rows: Record<string, Record<string, number>> = {};
for (const [name, n, run] of queries) {
  const wall: number[] = [];
  const cpuMs: number[] = [];
  let stallMs = 0;
  for (let i = 0; i < n; i++) {
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    // The monitor's timer must have run once: a block right after enable() is not recorded.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    // The loop's delay is recorded when its timer fires: after a synchronous stall, that is later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    loop.disable();
    stallMs = Math.max(stallMs, loop.max / 1e6);
  }
  rows[name] = {
    'p50 ms': summarize(wall).p50,
    'CPU ms p50': summarize(cpuMs).p50,
    'longest loop stall ms': stallMs,
    samples: n,
  };
}
await report('message-reads', rows, {
  rows: ROWS,
  openCopiesOfB,
  fillSeconds,
  loadAverage1m: loadavg()[0],
  goal: 'no read of the message tables holds the host for long, whatever their size',
});
loader.close();
await orchestrator.close();
rmSync(dir, { recursive: true, force: true });
