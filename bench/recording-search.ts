// Search over recorded output (issue 25: ≤ 200 ms p99 over 1 GB): `fleet.search` through the whole core path
// (dispatcher, zod, the index batch flush, FTS5 with bm25, snippets, output redaction) over BENCH_MB of
// recorded lines — 1,024 MB with STRESS=1, 128 MB by default, 1 MB in the smoke run — vs a bare FTS5 query
// of the same words on the same index in the same run (`recording_fts MATCH ? LIMIT 50`, no rank, no join).
// The lines are written straight into the recording index's table in large transactions (its triggers fill
// FTS5), as the recorder's batches would over days of printing: going through panes would take that long.
// Each row is what the recorder indexes for one frame: the lines that appeared together (1–12 lines). The
// index is searched as FTS5's automerge leaves it (the recorder never runs 'optimize').
//
// Filling 1 GB takes half an hour or more, so a filled database can be kept outside the repo and reused:
// BENCH_DB=/path/search-1g.db fills it once (with a `<path>.json` beside it naming the generator version and
// the size) and, on later runs, searches it as it is; a database from another generator version or size is
// refused (delete it to fill again); BENCH_FILL_ONLY=1 fills and stops. The host's migrations run on it each
// time, as on any upgrade.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { measure, report, size, summarize } from './stats';

const MB = size('BENCH_MB', 128, { stress: 1024, smoke: 1 });
const N = size('BENCH_N', 400, { stress: 1000, smoke: 10 });
const WARMUP = 20;
const AGENTS = 100;
const VOCABULARY = 50_000;
/** Bumped whenever what the fill writes changes (words, templates, needles, row sizes, the seed). */
const GENERATOR_VERSION = 1;
const kept = process.env['BENCH_DB'] || undefined;
const databasePath = kept ?? join(mkdtempSync(join(tmpdir(), 'sb-bench-rec-search-')), 'switchboard.db');
const dir = dirname(databasePath);
const metaPath = `${databasePath}.json`;
interface FillMeta {
  generator: number;
  mb: number;
  rows: number;
  bytes: number;
  needles: number;
  seed: number;
  fillSeconds: number;
  filledAt: string;
}
const reused: FillMeta | undefined =
  kept && existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as FillMeta) : undefined;
if (kept && !reused && existsSync(databasePath))
  throw new Error(
    `${databasePath} exists without ${metaPath} (an unfinished fill?): delete it to fill again`,
  );
if (reused && (reused.generator !== GENERATOR_VERSION || reused.mb !== MB))
  throw new Error(
    `${databasePath} was filled by generator ${reused.generator} with ${reused.mb} MB; this run wants generator ` +
      `${GENERATOR_VERSION} with ${MB} MB: delete it (and ${metaPath}) to fill again`,
  );
if (kept) mkdirSync(dir, { recursive: true });

// A seeded generator; words Zipf-like (a few common, many rare), numbers, paths and hex ids as in build logs.
let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const wordAt = (rank: number) => `w${rank.toString(36)}x`;
const zipfWord = () => wordAt(Math.floor(VOCABULARY ** random()) - 1);
const hex = () => Math.floor(random() * 2 ** 31).toString(16);
const TEMPLATES = [
  () => `compiling ${zipfWord()} ${zipfWord()} (${Math.floor(random() * 900)} ms)`,
  () =>
    `error: ${zipfWord()} ${zipfWord()} failed in src/${zipfWord()}/${zipfWord()}.ts:${Math.floor(random() * 400)}`,
  () => `test ${zipfWord()} ${zipfWord()} ${zipfWord()} passed`,
  () => `warning: ${zipfWord()} is deprecated, use ${zipfWord()} ${zipfWord()}`,
  () => `commit ${hex()} ${zipfWord()} ${zipfWord()} ${zipfWord()} ${zipfWord()}`,
  () => `${zipfWord()} ${zipfWord()} ${zipfWord()} ${zipfWord()} ${zipfWord()} ${zipfWord()} ${zipfWord()}`,
];
const line = () => TEMPLATES[Math.floor(random() * TEMPLATES.length)]!();
/** Rare needles: each planted in exactly one row, spread over the whole index. */
const NEEDLES = 64;
const needle = (i: number) => `needle${i}q${(i * 7919).toString(36)}`;

const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend(), dataDir: dir });
await orchestrator.ready;

const loader = new Database(databasePath);
const target = MB * 1024 * 1024;
const { bytes, rows, needles: nextNeedle, fillSeconds } = reused ?? fill();
if (reused) seed = reused.seed;
if (process.env['BENCH_FILL_ONLY'] === '1') {
  // Only fill BENCH_DB (in the background, before the runs that search it).
  loader.close();
  await orchestrator.close();
  process.exit(0);
}

function fill() {
  const insert = loader.prepare('INSERT INTO recording_lines (agent_id, at_ms, text) VALUES (?, ?, ?)');
  const started = Date.now() - 7 * 24 * 3600_000;
  const fillStarted = performance.now();
  let bytes = 0;
  let rows = 0;
  const BATCH = 20_000;
  const approxRows = target / 500;
  let needles = 0;
  while (bytes < target) {
    loader.transaction(() => {
      for (let i = 0; i < BATCH && bytes < target; i++) {
        const count = 1 + Math.floor(random() * 12);
        const lines = Array.from({ length: count }, line);
        if (needles < NEEDLES && rows >= (needles * approxRows) / NEEDLES)
          lines[0] = `${lines[0]} ${needle(needles++)}`;
        const text = lines.join('\n');
        insert.run(`agent-${rows % AGENTS}`, started + rows * 250, text);
        bytes += Buffer.byteLength(text) + 1;
        rows++;
      }
    })();
  }
  const filled = { bytes, rows, needles, fillSeconds: (performance.now() - fillStarted) / 1000 };
  if (kept) {
    loader.pragma('wal_checkpoint(TRUNCATE)');
    const meta: FillMeta = {
      generator: GENERATOR_VERSION,
      mb: MB,
      seed,
      filledAt: new Date().toISOString(),
      ...filled,
    };
    writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
  }
  return filled;
}

// Queries of five kinds, as the Search tab sends them: typed (the last word a prefix) or complete (a space after).
const KINDS = ['rare id', 'mid word', 'common word', 'two words', 'typed prefix'] as const;
type Kind = (typeof KINDS)[number];
const queriesOf = (kind: Kind) =>
  Array.from({ length: 64 }, () => {
    if (kind === 'rare id') return `${needle(Math.floor(random() * nextNeedle))} `;
    if (kind === 'mid word') return `${wordAt(500 + Math.floor(random() * 5000))} `;
    if (kind === 'common word') return `${wordAt(Math.floor(random() * 10))} `;
    if (kind === 'two words') return `error ${zipfWord()} `;
    return `failed ${wordAt(100 + Math.floor(random() * 1000)).slice(0, 4)}`;
  });
const ftsOf = (query: string) => {
  const words = query.trim().split(/\s+/);
  const typing = !query.endsWith(' ');
  return words.map((word, j) => `"${word}"${typing && j === words.length - 1 ? '*' : ''}`).join(' ');
};
const bareQuery = loader.prepare('SELECT rowid FROM recording_fts WHERE recording_fts MATCH ? LIMIT 50');
const search = (query: string) =>
  orchestrator.invoke(humanCaller, 'fleet.search', { query, sources: ['recording'] }) as Promise<{
    total: number;
  }>;

// The queries must find something, or the bench measures empty answers.
let found = 0;
for (const kind of KINDS)
  for (const query of queriesOf(kind).slice(0, 4)) found += (await search(query)).total;
if (found === 0) throw new Error('the queries match nothing');

async function run(queries: string[], n: number) {
  let q = 0;
  const next = () => queries[q++ % queries.length]!;
  const core = summarize(await measure(n, Math.min(WARMUP, n), () => search(next())));
  q = 0;
  const bare = summarize(await measure(n, Math.min(WARMUP, n), async () => bareQuery.all(ftsOf(next()))));
  return { core, bare };
}

const table: Record<string, Record<string, number>> = {};
const all = KINDS.flatMap(queriesOf).sort(() => random() - 0.5);
const overall = await run(all, N);
table['fleet.search, recorded output (ms)'] = { ...overall.core };
table['bare FTS5 MATCH … LIMIT 50 (ms)'] = { ...overall.bare };
table['ratio search / bare'] = {
  p50: overall.core.p50 / overall.bare.p50,
  p99: overall.core.p99 / overall.bare.p99,
};
for (const kind of KINDS) {
  const byKind = await run(queriesOf(kind), Math.max(5, Math.floor(N / 4)));
  table[`${kind}: search p50 / p99, bare p50 / p99 (ms)`] = {
    p50: byKind.core.p50,
    p99: byKind.core.p99,
    bareP50: byKind.bare.p50,
    bareP99: byKind.bare.p99,
  };
}
loader.pragma('wal_checkpoint(TRUNCATE)');
const databaseBytes = statSync(databasePath).size;
await report('recording-search', table, {
  goal: 'fleet.search over 1 GB of recorded output: p99 ≤ 200 ms (STRESS=1 for the full size)',
  recordedMB: bytes / 1024 / 1024,
  indexRows: rows,
  agents: AGENTS,
  databaseMB: databaseBytes / 1024 / 1024,
  fillSeconds,
  reusedDatabase: reused ? { path: databasePath, filledAt: reused.filledAt } : false,
  loadAverage1m: loadavg()[0],
});
loader.close();
await orchestrator.close();
