// The recorder's costs that do not depend on reads, each measured alone against its previous setting in the
// same run (issue 25; bench/recording-overhead.ts is the whole-host ratio, whose run-to-run spread under load
// is larger than either change):
// - the search index: 100 agents printing 20 lines a second each, indexed as the recorder indexes them (one
//   row per agent per batch, one transaction per batch) in batches of 1 s (before) and of `indexMs` (now);
// - chunk compression: chunks of build-log frames (5 frames of 20 new rows) at zlib level 6 (before) and at
//   the level the recorder uses now (1).
// Variants alternate, each on a fresh database (the schema the host creates), CPU (user + system) per run.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator, DEFAULT_RECORDING_OPTIONS } from '@switchboard/core';
import { report, size, summarize } from './stats';

const SECONDS = size('BENCH_SECONDS', 60, { smoke: 5 });
const AGENTS = size('BENCH_AGENTS', 100, { smoke: 5 });
const RUNS = size('BENCH_RUNS', 5, { smoke: 1 });
const LINES_PER_SECOND = 20;
const CHUNKS = size('BENCH_CHUNKS', 600, { smoke: 10 });

const cpuMs = (work: () => void) => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
let printed = 0;
const line = () =>
  `${printed} compiling module ${printed % 97} of the build: ok (${(printed++ * 7919) % 10_000} ms)`;

/** A database as the host makes it (its migrations, WAL, synchronous FULL), open on a second connection. */
async function freshIndex(): Promise<Database.Database> {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-bench-rec-parts-')), 'switchboard.db');
  const core = createOrchestrator({ databasePath, backend: createMemoryBackend() });
  await core.ready;
  await core.close();
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** CPU to index SECONDS of every agent's lines in batches of `batchSeconds`. */
async function indexCpu(batchSeconds: number): Promise<number> {
  const db = await freshIndex();
  const insert = db.prepare(
    'INSERT INTO recording_lines (agent_id, at_ms, text, line_offsets) VALUES (?, ?, ?, ?)',
  );
  const batch = db.transaction((at: number) => {
    for (let agent = 0; agent < AGENTS; agent++)
      insert.run(
        `agent-${agent}`,
        at,
        Array.from({ length: LINES_PER_SECOND * batchSeconds }, line).join('\n'),
        null,
      );
  });
  const ms = cpuMs(() => {
    for (let at = 0; at < SECONDS; at += batchSeconds) batch(at * 1000);
  });
  db.close();
  return ms;
}

const frame = (i: number) =>
  JSON.stringify({
    at: 1_700_000_000_000 + i * 1000,
    scrolled: LINES_PER_SECOND,
    changes: Array.from({ length: LINES_PER_SECOND }, (_, r) => ({ row: r + 3, text: line() })),
    cursor: { x: 0, y: 23 },
  });
const chunks = Array.from({ length: CHUNKS }, () =>
  Buffer.from(Array.from({ length: 5 }, (_, i) => frame(i)).join('\n') + '\n'),
);
const gzipCpu = (level: number) => {
  let bytes = 0;
  const ms = cpuMs(() => {
    for (const chunk of chunks) bytes += gzipSync(chunk, { level }).length;
  });
  return { ms, bytes };
};

const newBatchSeconds = DEFAULT_RECORDING_OPTIONS.indexMs / 1000;
const samples = {
  index1s: [] as number[],
  indexNow: [] as number[],
  gzip6: [] as number[],
  gzip1: [] as number[],
};
const bytes = { gzip6: 0, gzip1: 0 };
const loadBefore = loadavg()[0]!;
for (let run = 0; run < RUNS; run++) {
  samples.index1s.push(await indexCpu(1));
  samples.indexNow.push(await indexCpu(newBatchSeconds));
  const six = gzipCpu(6);
  const one = gzipCpu(1);
  samples.gzip6.push(six.ms);
  samples.gzip1.push(one.ms);
  bytes.gzip6 = six.bytes;
  bytes.gzip1 = one.bytes;
}
const [index1s, indexNow, gzip6, gzip1] = [
  samples.index1s,
  samples.indexNow,
  samples.gzip6,
  samples.gzip1,
].map(summarize);
const lines = SECONDS * AGENTS * LINES_PER_SECOND;
await report(
  'recording-parts',
  {
    [`index ${lines} lines, batches of 1 s (CPU ms)`]: { ...index1s! },
    [`index ${lines} lines, batches of ${newBatchSeconds} s (CPU ms)`]: { ...indexNow! },
    'index ratio now / 1 s': { p50: indexNow!.p50 / index1s!.p50, p99: indexNow!.p99 / index1s!.p99 },
    [`gzip ${CHUNKS} chunks, level 6 (CPU ms)`]: { ...gzip6!, bytes: bytes.gzip6 },
    [`gzip ${CHUNKS} chunks, level 1 (CPU ms)`]: { ...gzip1!, bytes: bytes.gzip1 },
    'gzip ratio level 1 / 6': { p50: gzip1!.p50 / gzip6!.p50, p99: gzip1!.p99 / gzip6!.p99 },
  },
  {
    agents: AGENTS,
    seconds: SECONDS,
    runs: RUNS,
    rawChunkBytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
  },
);
