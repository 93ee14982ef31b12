// Group commit, in process (no MCP layer): the same work on an orchestrator whose store shares one fsync
// among the calls that wait together (the default) and on one that gives every commit its own fsync
// (`store: { groupCommit: false }`, as before), interleaved rounds on WAL files in the same run.
// 1. SENDERS agents each sending to the next as fast as their answers come back (one call in flight
//    each): messages per second, per-send latency and fsyncs per message.
// 2. A burst of NOTIFY attention notifications raised by the host itself (no caller waits; before, each
//    was an fsync on the event loop): how long the burst blocks the event loop, and until the next
//    acknowledged call (which waits for everything committed before it) returns.
// Baseline, same run: one bare durable commit (synchronous = FULL) on a WAL file, and N of them.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator, WalSync, type Orchestrator } from '@switchboard/core';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { measure, report, size, summarize, type Summary, SMOKE } from './stats';

const SENDERS = size('BENCH_AGENTS', 16, { smoke: 3 });
const MESSAGES = size('BENCH_MESSAGES', 2_000, { smoke: 20 });
const NOTIFY = size('BENCH_NOTIFY', 1_000, { smoke: 10 });
const ROUNDS = SMOKE ? 1 : 3;
const folder = () => mkdtempSync(join(tmpdir(), 'sb-bench-group-'));
type Mode = 'group' | 'each';

/** An orchestrator on a WAL file, counting the fsyncs group commit makes (its sync port wraps the real one). */
async function fleet(
  mode: Mode,
): Promise<{ orchestrator: Orchestrator; agents: Caller[]; fsyncs: () => number }> {
  const databasePath = join(folder(), 'db.sqlite');
  const wal = new WalSync(databasePath);
  let fsyncs = 0;
  const orchestrator = createOrchestrator({
    databasePath,
    backend: createMemoryBackend(),
    messaging: { dedupeWindowMs: 0 },
    store:
      mode === 'group'
        ? {
            syncToDisk: () => {
              fsyncs++;
              return wal.sync();
            },
          }
        : { groupCommit: false },
  });
  const { roles } = (await orchestrator.invoke(humanCaller, 'role.list', {})) as {
    roles: { name: string; commands: string[] }[];
  };
  // Far faster than any agent may send: a role of the bench's own, the builder's rights without the rate limit.
  await orchestrator.invoke(humanCaller, 'role.update', {
    name: 'bench-sender',
    commands: roles.find((r) => r.name === 'builder')!.commands,
    mayMessage: ['bench-sender'],
    rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
  });
  const agents: Caller[] = [];
  for (let i = 0; i < SENDERS; i++) {
    const { id } = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: `sender-${i}`,
      role: 'bench-sender',
    })) as { id: string };
    agents.push({ kind: 'agent', id });
  }
  return { orchestrator, agents, fsyncs: () => fsyncs };
}

interface SendRun {
  perSecond: number;
  latency: number[];
  fsyncsPerMessage: number | undefined;
}

async function sends(mode: Mode): Promise<SendRun> {
  const { orchestrator, agents, fsyncs } = await fleet(mode);
  const latency: number[] = [];
  let next = 0;
  const fsyncsBefore = fsyncs();
  const started = performance.now();
  await Promise.all(
    agents.map(async (from, i) => {
      const to = agents[(i + 1) % agents.length]!;
      while (next++ < MESSAGES) {
        const start = performance.now();
        await orchestrator.invoke(from, 'message.send', {
          kind: 'event',
          to: { agent: to.id },
          body: `message ${next}`,
          typeIntoPane: 'never',
        });
        latency.push(performance.now() - start);
      }
    }),
  );
  const wall = performance.now() - started;
  const result = {
    perSecond: (latency.length * 1000) / wall,
    latency,
    fsyncsPerMessage: mode === 'group' ? (fsyncs() - fsyncsBefore) / latency.length : undefined,
  };
  await orchestrator.close();
  return result;
}

async function notifyBurst(mode: Mode): Promise<{ blockedMs: number; durableMs: number }> {
  const { orchestrator } = await fleet(mode);
  const started = performance.now();
  for (let i = 0; i < NOTIFY; i++)
    orchestrator.attention.notify({
      kind: 'waiting_for_input',
      severity: 'info',
      agentId: `bench-agent-${i}`,
      title: `agent ${i} needs a look`,
      body: `item ${i} of ${NOTIFY}`,
      approvalId: null,
    });
  const blockedMs = performance.now() - started;
  // Any acknowledged call waits for every commit made before it: this one returns once the burst is on disk.
  await orchestrator.invoke(humanCaller, 'fleet.snapshot', {});
  const durableMs = performance.now() - started;
  await orchestrator.close();
  return { blockedMs, durableMs };
}

/** The durability floor: one committed insert with `synchronous = FULL` (the fsync of one commit). */
async function bareDurableCommit(): Promise<Summary> {
  const db = new Database(join(folder(), 'durable.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  let i = 0;
  const samples = await measure(SMOKE ? 10 : 500, SMOKE ? 2 : 20, async () => void insert.run(`row ${i++}`));
  db.close();
  return summarize(samples);
}

const runs: Record<Mode, { sends: SendRun[]; notify: { blockedMs: number; durableMs: number }[] }> = {
  group: { sends: [], notify: [] },
  each: { sends: [], notify: [] },
};
const bare = await bareDurableCommit();
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of ['each', 'group'] as const) {
    runs[mode].sends.push(await sends(mode));
    runs[mode].notify.push(await notifyBurst(mode));
  }
}

const median = (xs: number[]) => summarize(xs).p50;
const sendRow = (mode: Mode) => {
  const latency = summarize(runs[mode].sends.flatMap((r) => r.latency));
  const fsyncs = runs[mode].sends.map((r) => r.fsyncsPerMessage).filter((x) => x !== undefined);
  return {
    n: latency.n,
    perSecond: median(runs[mode].sends.map((r) => r.perSecond)),
    p50: latency.p50,
    p99: latency.p99,
    ...(fsyncs.length ? { fsyncsPerMessage: median(fsyncs) } : {}),
  };
};
const notifyRow = (mode: Mode) => ({
  n: NOTIFY,
  blockedMs: median(runs[mode].notify.map((r) => r.blockedMs)),
  durableMs: median(runs[mode].notify.map((r) => r.durableMs)),
});
const rows = {
  'bare durable commit, synchronous=FULL (ms)': { n: bare.n, p50: bare.p50, p99: bare.p99 },
  [`${SENDERS} agents sending at once, group commit`]: sendRow('group'),
  [`${SENDERS} agents sending at once, an fsync per commit (before)`]: sendRow('each'),
  [`${NOTIFY} notifications in a burst, group commit (ms)`]: notifyRow('group'),
  [`${NOTIFY} notifications in a burst, an fsync per commit (ms)`]: notifyRow('each'),
};
const ratios = {
  sendsPerSecond: sendRow('group').perSecond / sendRow('each').perSecond,
  notifyDurable: notifyRow('each').durableMs / notifyRow('group').durableMs,
};
await report('group-commit', rows, {
  senders: SENDERS,
  messages: MESSAGES,
  rounds: ROUNDS,
  ratios,
  loadAverage: loadavg(),
});
console.log(
  `group commit: ${ratios.sendsPerSecond.toFixed(2)}x the messages per second of an fsync per commit; notification burst on disk ${ratios.notifyDurable.toFixed(2)}x sooner`,
);
