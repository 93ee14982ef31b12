// Messaging: send → the recipient's waiting receive returns, p50/p99 at 10 and 100 agents, and a cascade
// to 100 agents (broadcast + team + agent parts) until every copy is committed; against two floors
// measured in the same run on a WAL file: a bare better-sqlite3 insert + select + ack without fsync
// (synchronous = NORMAL: the CPU floor) and one bare durable commit (synchronous = FULL, the store's
// setting: a commit is on disk before it is acknowledged). A send is one durable commit, so the second
// floor is the disk's fsync and no send can beat it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { measure, report, summarize, type Summary, size } from './stats';

const N = size('BENCH_N', 1000, { smoke: 10 });
const CASCADES = size('BENCH_CASCADES', 50, { smoke: 2 });
const folder = () => mkdtempSync(join(tmpdir(), 'sb-bench-msg-'));

async function fleet(agents: number): Promise<{ orchestrator: Orchestrator; callers: Caller[] }> {
  const orchestrator = createOrchestrator({
    databasePath: join(folder(), 'db.sqlite'),
    backend: createMemoryBackend(),
    messaging: { dedupeWindowMs: 0 },
  });
  for (let t = 0; t < 5; t++) await orchestrator.invoke(humanCaller, 'team.create', { name: `team-${t}` });
  // The bench sends far faster than any agent may: a role of its own, the builder's rights without its rate limit.
  const { roles } = (await orchestrator.invoke(humanCaller, 'role.list', {})) as {
    roles: { name: string; commands: string[]; mayMessage: string[] }[];
  };
  const builder = roles.find((r) => r.name === 'builder')!;
  await orchestrator.invoke(humanCaller, 'role.update', {
    name: 'bench-sender',
    commands: builder.commands,
    mayMessage: ['bench-sender'],
    rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
  });
  const callers: Caller[] = [];
  for (let a = 0; a < agents; a++) {
    const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: `agent-${a}`,
      team: `team-${a % 5}`,
      role: 'bench-sender',
    })) as { id: string };
    callers.push({ kind: 'agent', id: agent.id });
  }
  return { orchestrator, callers };
}

/** One sample: B is already long-polling; A sends; timed until B's receive resolves (B acks outside the timing). */
async function sendToWaitingReceiver(agents: number): Promise<Summary> {
  const { orchestrator, callers } = await fleet(agents);
  const samples: number[] = [];
  for (let k = 0; k < N + 100; k++) {
    const from = callers[k % agents]!;
    const to = callers[(k + 1 + (k % (agents - 1))) % agents]!;
    const waiting = orchestrator.invoke(to, 'message.receive', { wait: 5 }) as Promise<{
      messages: { id: string }[];
    }>;
    const start = performance.now();
    await orchestrator.invoke(from, 'message.send', {
      kind: 'event',
      to: { agent: to.id },
      body: `ping ${k}`,
    });
    const { messages } = await waiting;
    if (k >= 100) samples.push(performance.now() - start);
    if (messages.length !== 1) throw new Error('receive did not get the message');
    await orchestrator.invoke(to, 'message.ack', { messageIds: messages.map((m) => m.id) });
  }
  await orchestrator.close();
  return summarize(samples);
}

/** The CPU floor: a bare insert of one row, a select of it and its ack, on a WAL file without fsync. */
async function bareSqlite(): Promise<Summary> {
  const db = new Database(join(folder(), 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE inbox (cursor INTEGER PRIMARY KEY AUTOINCREMENT, recipient TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL); CREATE INDEX inbox_r ON inbox(recipient, state, cursor)',
  );
  const insert = db.prepare('INSERT INTO inbox (recipient, body, state) VALUES (?, ?, ?)');
  const select = db.prepare(
    "SELECT * FROM inbox WHERE recipient = ? AND state = 'queued' ORDER BY cursor LIMIT 20",
  );
  const ack = db.prepare("UPDATE inbox SET state = 'acked' WHERE cursor = ?");
  let i = 0;
  const samples = await measure(N, 100, async () => {
    const recipient = `agent-${i++ % 10}`;
    db.transaction(() => insert.run(recipient, `ping ${i}`, 'queued'))();
    const rows = select.all(recipient) as { cursor: number }[];
    ack.run(rows[0]!.cursor);
  });
  db.close();
  return summarize(samples);
}

/** The durability floor: one committed insert with the store's `synchronous = FULL` (the fsync of one commit). */
async function bareDurableCommit(): Promise<Summary> {
  const db = new Database(join(folder(), 'durable.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE inbox (cursor INTEGER PRIMARY KEY AUTOINCREMENT, recipient TEXT NOT NULL, body TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO inbox (recipient, body) VALUES (?, ?)');
  let i = 0;
  const samples = await measure(N, 20, async () => void insert.run(`agent-${i % 10}`, `ping ${i++}`));
  db.close();
  return summarize(samples);
}

async function cascade100(): Promise<Summary & { copies: number }> {
  const { orchestrator } = await fleet(100);
  const agentsPart = Object.fromEntries(
    Array.from({ length: 10 }, (_, k) => [`agent-${k * 7}`, `you, ${k}: lead the review`]),
  );
  let copies = 0;
  let round = 0;
  const samples = await measure(CASCADES, 5, async () => {
    round++;
    const sent = (await orchestrator.invoke(humanCaller, 'message.send', {
      kind: 'instruction',
      cascade: {
        broadcast: `all: freeze ${round}`,
        teams: { 'team-1': `team 1: ship ${round}`, 'team-3': `team 3: rebase ${round}` },
        agents: agentsPart,
      },
      dedupe: false,
    })) as { deliveries: unknown[] };
    copies = sent.deliveries.length;
  });
  await orchestrator.close();
  if (copies !== 100) throw new Error(`cascade reached ${copies} agents, not 100`);
  return { ...summarize(samples), copies };
}

const bare = await bareSqlite();
const durable = await bareDurableCommit();
const ten = await sendToWaitingReceiver(10);
const hundred = await sendToWaitingReceiver(100);
const cascade = await cascade100();
const ratio = (a: Summary, b: Summary) => ({
  n: a.n,
  p50: a.p50 / b.p50,
  p99: a.p99 / b.p99,
  mean: a.mean / b.mean,
});
await report(
  'messaging',
  {
    'bare SQLite insert+select+ack, no fsync (ms)': { ...bare },
    'bare durable commit, synchronous=FULL (ms)': { ...durable },
    'send → waiting receive, 10 agents (ms)': { ...ten },
    'send → waiting receive, 100 agents (ms)': { ...hundred },
    'ratio 10 agents / bare': ratio(ten, bare),
    'ratio 100 agents / bare': ratio(hundred, bare),
    'ratio 100 agents / durable commit': ratio(hundred, durable),
    'cascade to 100 agents, committed (ms)': {
      n: cascade.n,
      p50: cascade.p50,
      p99: cascade.p99,
      mean: cascade.mean,
    },
    'ratio cascade / bare': ratio(cascade, bare),
    'ratio cascade / durable commit': ratio(cascade, durable),
  },
  {
    samples: N,
    cascades: CASCADES,
    cascadeCopies: cascade.copies,
    loadAverage: (await import('node:os')).loadavg(),
  },
);
