// memory.search at 100,000 entries (smoke: 500) through the whole core path (dispatcher, zod, namespace
// rules, FTS5 with bm25 and snippets, output audience and redaction), as the human (every namespace)
// and as an agent (its readable namespaces only), vs a bare FTS5 query of the same words on the same
// index in the same run (`memory_fts MATCH ? ORDER BY rank LIMIT 20`, no join, no snippet).
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { measure, report, size, summarize } from './stats';

const ENTRIES = size('BENCH_ENTRIES', 100_000, { smoke: 500 });
const N = size('BENCH_N', 1000, { stress: 10_000, smoke: 20 });
const WARMUP = 100;
const VOCABULARY = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'sb-bench-memory-'));
const databasePath = join(dir, 'switchboard.db');

// A seeded generator, and words drawn Zipf-like (a few common, many rare) as in real notes.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const wordAt = (rank: number) => `w${rank.toString(36)}x`;
const zipfWord = () => wordAt(Math.floor(VOCABULARY ** random()) - 1);
const sentence = (words: number) => Array.from({ length: words }, zipfWord).join(' ');

const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
await orchestrator.ready;
await orchestrator.invoke(humanCaller, 'team.create', { name: 'bench-team' });
const { agent } = await orchestrator.fleet.spawn({
  name: 'bench-agent',
  kind: 'shell',
  role: 'orchestrator',
  team: 'bench-team',
});
await orchestrator.invoke(humanCaller, 'role.update', {
  name: 'orchestrator',
  rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
});
const agentCaller = { kind: 'agent' as const, id: agent.id };
const teamId = orchestrator.fleet.repository.findTeam('bench-team')!.id;

// Filling goes straight into the table in one transaction (the triggers index it); putting 100,000
// entries one call each would only measure fsync.
const loader = new Database(databasePath);
const namespaces = [
  'global',
  `team:${teamId}`,
  `agent:${agent.id}`,
  ...Array.from({ length: 17 }, (_, i) => `agent:other-${i}`),
];
const insert =
  loader.prepare(`INSERT INTO memory_entries (namespace, key, value, kind, tags, author, version, created_at, updated_at, updated_ms)
  VALUES (?, ?, ?, 'text', ?, ?, 1, ?, ?, ?)`);
const fillStarted = performance.now();
loader.transaction(() => {
  const at = new Date().toISOString();
  for (let i = 0; i < ENTRIES; i++) {
    const namespace = namespaces[i % namespaces.length]!;
    insert.run(
      namespace,
      `note-${i} ${zipfWord()}`,
      sentence(40),
      JSON.stringify([zipfWord()]),
      namespace.startsWith('agent:') ? namespace.slice(6) : 'human',
      at,
      at,
      i,
    );
  }
})();
loader.exec("INSERT INTO memory_fts(memory_fts) VALUES ('optimize')");
const fillSeconds = (performance.now() - fillStarted) / 1000;

// Queries of four kinds: a common word (in most entries), a mid-frequency word, two words, a prefix being typed.
const KINDS = ['common word', 'mid word', 'two words', 'prefix'] as const;
const queriesOf = (kind: (typeof KINDS)[number]) =>
  Array.from({ length: 128 }, () => {
    if (kind === 'common word') return wordAt(Math.floor(random() * 20));
    if (kind === 'mid word') return wordAt(200 + Math.floor(random() * 2000));
    if (kind === 'two words') return `${zipfWord()} ${zipfWord()}`;
    return wordAt(100 + Math.floor(random() * 1000)).slice(0, 3);
  });
const ftsOf = (query: string) =>
  query
    .split(' ')
    .map((word, j, all) => `"${word}"${j === all.length - 1 ? '*' : ''}`)
    .join(' ');
const bareQuery = loader.prepare(
  'SELECT rowid, rank FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT 20',
);

// The queries must find something, or the bench measures empty answers.
const all = KINDS.flatMap(queriesOf);
let found = 0;
for (const query of all.filter((_, i) => i % 8 === 0))
  found += ((await orchestrator.invoke(humanCaller, 'memory.search', { query })) as { hits: unknown[] }).hits
    .length;
if (found === 0) throw new Error('the queries match nothing');

/** The three paths over the same queries, in turns (so load on the machine hits each alike). */
async function run(queries: string[], n: number) {
  const cycle = (paths: (() => Promise<unknown>)[]) => {
    let q = 0;
    return () => paths[q++ % paths.length]!();
  };
  const human = await measure(
    n,
    WARMUP,
    cycle(queries.map((query) => () => orchestrator.invoke(humanCaller, 'memory.search', { query }))),
  );
  const agentSamples = await measure(
    n,
    WARMUP,
    cycle(queries.map((query) => () => orchestrator.invoke(agentCaller, 'memory.search', { query }))),
  );
  const bare = await measure(
    n,
    WARMUP,
    cycle(queries.map((query) => async () => bareQuery.all(ftsOf(query)))),
  );
  return { human: summarize(human), agent: summarize(agentSamples), bare: summarize(bare) };
}

const rows: Record<string, Record<string, number>> = {};
const ratio = (s: { p50: number; p99: number }, base: { p50: number; p99: number }) => ({
  p50: s.p50 / base.p50,
  p99: s.p99 / base.p99,
});
const overall = await run(all, N);
rows['memory.search as the human, every namespace (ms)'] = { ...overall.human };
rows['memory.search as an agent, its namespaces (ms)'] = { ...overall.agent };
rows['bare FTS5 MATCH … ORDER BY rank LIMIT 20 (ms)'] = { ...overall.bare };
rows['ratio human / bare'] = ratio(overall.human, overall.bare);
rows['ratio agent / bare'] = ratio(overall.agent, overall.bare);
for (const kind of KINDS) {
  const byKind = await run(queriesOf(kind), Math.max(10, Math.floor(N / 4)));
  rows[`${kind}: human / agent / bare p50 (ms)`] = {
    human: byKind.human.p50,
    agent: byKind.agent.p50,
    bare: byKind.bare.p50,
  };
  rows[`${kind}: human / agent / bare p99 (ms)`] = {
    human: byKind.human.p99,
    agent: byKind.agent.p99,
    bare: byKind.bare.p99,
  };
}
await report('memory-fts', rows, {
  entries: ENTRIES,
  namespaces: namespaces.length,
  hitsPerQuery: found / (all.length / 8),
  fillSeconds,
  loadAverage1m: loadavg()[0],
  goal: 'memory.search p50 and p99 ≤ 5 ms at 100,000 entries',
});
loader.close();
await orchestrator.close();
