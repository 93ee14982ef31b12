// The recorder's costs that do not depend on reads, each measured alone against its previous setting in the
// same run (issue 25; bench/recording-overhead.ts is the whole-host ratio, whose run-to-run spread under load
// is larger than either change):
// - the search index: 100 agents printing 20 lines a second each, a row per agent per chunk (`flushMs`, 5 s, the
//   agents' chunks closing in turn), a transaction every `indexMs` (1 s), as the recorder indexes them: each row
//   an INSERT of its own (before session 18: every INSERT opened a statement savepoint, at which FTS5 writes
//   its pending terms as a segment, so a batch made a segment per row) and the repository's way (`index`: rows
//   in INSERTs of up to 64, a segment each);
// - the index's row size and cadence (session 21): rows of a chunk (5 s) in batches of 1 s (today), rows of 30 s in
//   batches of 1 s (an agent's row closing on its own clock), and every agent's 30 s row in one batch every 30 s,
//   on the bench's numbered lines (two numbers a line no other line repeats) and on build-log-like lines whose
//   words repeat (a row holds each distinct word once: fewer (word, row) pairs the bigger the row);
// - chunk compression: chunks of build-log frames (5 frames of 20 new rows) at the recorder's settings
//   (`CHUNK_GZIP`), each compressed between allocations as a host makes them: `gzipSync`, a zlib state set up
//   afresh per chunk (before session 18: in a tight loop of nothing but gzip its tables stay warm, which a
//   recording host never sees), and the recorder's `ChunkDeflate` (one state for every chunk).
// Variants alternate, each on a fresh database (the host's schema and connection), CPU (user + system) per run.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_RECORDING_OPTIONS } from '@switchboard/core';
import { ChunkDeflate } from '../packages/core/src/recordings/chunk-deflate';
import { coreMigrations } from '../packages/core/src/core-migrations';
import { openStore } from '../packages/core/src/store/store';
import {
  CHUNK_GZIP,
  RecordingRepository,
  type IndexedLine,
} from '../packages/core/src/recordings/recording-repository';
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

/** A database as the host makes it (its migrations, its connection) and the recorder's repository over it. */
function freshIndex() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-rec-parts-'));
  const store = openStore(join(dataDir, 'switchboard.db'), coreMigrations);
  const repository = new RecordingRepository(store, join(dataDir, 'recordings'), 1 << 20);
  return {
    store,
    repository,
    close: () => (store.close(), rmSync(dataDir, { recursive: true, force: true })),
  };
}

/**
 * CPU to index SECONDS of every agent's lines, a batch (transaction) every `batchSeconds`, each agent's lines
 * in rows of `rowSeconds` (its row goes in with the batch after it closes; the agents' rows close in turn):
 * through the repository, or (`rowByRow`) an INSERT a row as before session 18.
 */
function indexCpu(batchSeconds: number, rowSeconds: number, rowByRow: boolean): number {
  const { store, repository, close } = freshIndex();
  const insert = store.prepare(
    'INSERT INTO recording_lines (agent_id, at_ms, text, line_offsets) VALUES (?, ?, ?, ?)',
  );
  const batch = (at: number) => {
    const rows: IndexedLine[] = [];
    for (let agent = 0; agent < AGENTS; agent++)
      if ((at / batchSeconds + agent) % (rowSeconds / batchSeconds) === 0)
        rows.push({
          agentId: `agent-${agent}`,
          at: at * 1000,
          text: Array.from({ length: LINES_PER_SECOND * rowSeconds }, line).join('\n'),
          offsets: [],
        });
    if (!rowByRow) repository.index([], rows);
    else store.transaction(() => rows.forEach((row) => insert.run(row.agentId, row.at, row.text, null)));
  };
  const ms = cpuMs(() => {
    for (let at = 0; at < SECONDS; at += batchSeconds) batch(at);
  });
  close();
  return ms;
}

const BUILD_WORDS = [
  'error',
  'warning',
  'src',
  'lib',
  'index',
  'test',
  'passed',
  'failed',
  'module',
  'build',
];
const buildLine = (n: number) =>
  `  ${BUILD_WORDS[n % 10]} ${BUILD_WORDS[(n * 7) % 10]}/${BUILD_WORDS[(n * 3) % 10]}.ts:${n % 300}: ok (${n % 1000} ms)`;
type RowPlan = { rowSeconds: number; together: boolean };
const ROW_PLANS: Record<string, RowPlan> = {
  'rows of 5 s, batches of 1 s': { rowSeconds: 5, together: false },
  'rows of 30 s, batches of 1 s': { rowSeconds: 30, together: false },
  'rows of 30 s, all in one batch every 30 s': { rowSeconds: 30, together: true },
};

/**
 * CPU to index SECONDS of every agent's lines through the repository (a batch a second), each agent's lines in rows of
 * `rowSeconds`, closing in turn or (`together`) all at once; the rows' text is made before the clock starts.
 */
function rowPlanCpu({ rowSeconds, together }: RowPlan, lineOf: (n: number) => string): number {
  const { repository, close } = freshIndex();
  let n = 0;
  const batches: IndexedLine[][] = [];
  for (let at = 0; at < SECONDS; at++) {
    const rows: IndexedLine[] = [];
    for (let agent = 0; agent < AGENTS; agent++)
      if (((together ? 0 : agent) + at + 1) % rowSeconds === 0)
        rows.push({
          agentId: `agent-${agent}`,
          at: at * 1000,
          text: Array.from({ length: LINES_PER_SECOND * rowSeconds }, () => lineOf(n++)).join('\n'),
          offsets: [],
        });
    batches.push(rows);
  }
  const ms = cpuMs(() => batches.forEach((rows) => repository.index([], rows)));
  close();
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
/** The host's other work between two chunks, roughly: buffers and small objects, most soon garbage. */
let churn: unknown[] = [];
const hostWork = () => {
  for (let i = 0; i < 100; i++)
    churn.push(Buffer.alloc(4096 + (i % 7) * 1000), { text: 'x'.repeat(i), at: [i] });
  churn = churn.slice(-400);
};
/** Each chunk compressed after the host's other work, the gzip alone timed. */
const gzipCpu = (gzip: (chunk: Buffer) => Buffer) => {
  let bytes = 0;
  let ms = 0;
  for (const chunk of chunks) {
    hostWork();
    ms += cpuMs(() => (bytes += gzip(chunk).length));
  }
  return { ms, bytes };
};
const deflate = new ChunkDeflate(CHUNK_GZIP);

const batchSeconds = DEFAULT_RECORDING_OPTIONS.indexMs / 1000;
const chunkSeconds = DEFAULT_RECORDING_OPTIONS.flushMs / 1000;
const samples = {
  indexRowByRow: [] as number[],
  indexNow: [] as number[],
  gzipWide: [] as number[],
  gzipNow: [] as number[],
};
const bytes = { gzipWide: 0, gzipNow: 0 };
const TEXTS: Record<string, (n: number) => string> = {
  'numbered lines': (n) => `${n} compiling module ${n % 97} of the build: ok (${(n * 7919) % 10_000} ms)`,
  'build-log lines': buildLine,
};
const rowSamples = new Map<string, number[]>();
const loadBefore = loadavg()[0]!;
for (let run = 0; run < RUNS; run++) {
  samples.indexRowByRow.push(indexCpu(batchSeconds, chunkSeconds, true));
  samples.indexNow.push(indexCpu(batchSeconds, chunkSeconds, false));
  const wide = gzipCpu((chunk) => gzipSync(chunk, CHUNK_GZIP));
  const now = gzipCpu((chunk) => deflate.gzip(chunk));
  samples.gzipWide.push(wide.ms);
  samples.gzipNow.push(now.ms);
  bytes.gzipWide = wide.bytes;
  bytes.gzipNow = now.bytes;
  const plans = Object.keys(ROW_PLANS);
  for (const text of Object.keys(TEXTS))
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[(i + run) % plans.length]!;
      const key = `index ${text} in ${plan} (CPU ms per s)`;
      rowSamples.set(key, [
        ...(rowSamples.get(key) ?? []),
        rowPlanCpu(ROW_PLANS[plan]!, TEXTS[text]!) / SECONDS,
      ]);
    }
}
const [indexRowByRow, indexNow, gzipWide, gzipNow] = [
  samples.indexRowByRow,
  samples.indexNow,
  samples.gzipWide,
  samples.gzipNow,
].map(summarize);
const lines = SECONDS * AGENTS * LINES_PER_SECOND;
await report(
  'recording-parts',
  {
    [`index ${lines} lines in rows of ${chunkSeconds} s, an INSERT a row (CPU ms)`]: { ...indexRowByRow! },
    [`index ${lines} lines in rows of ${chunkSeconds} s, the repository's INSERTs (CPU ms)`]: {
      ...indexNow!,
    },
    'index ratio repository / an INSERT a row': {
      p50: indexNow!.p50 / indexRowByRow!.p50,
      p99: indexNow!.p99 / indexRowByRow!.p99,
    },
    ...Object.fromEntries([...rowSamples].map(([key, ms]) => [key, { ...summarize(ms) }])),
    [`gzip ${CHUNKS} chunks, gzipSync, a zlib state each (CPU ms)`]: { ...gzipWide!, bytes: bytes.gzipWide },
    [`gzip ${CHUNKS} chunks, one deflate state for all (CPU ms)`]: {
      ...gzipNow!,
      bytes: bytes.gzipNow,
      'one state': deflate.shared ? 'yes' : 'no (gzipSync)',
    },
    'gzip ratio one state / a state each': {
      p50: gzipNow!.p50 / gzipWide!.p50,
      p99: gzipNow!.p99 / gzipWide!.p99,
    },
  },
  {
    agents: AGENTS,
    seconds: SECONDS,
    runs: RUNS,
    rawChunkBytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
  },
);
