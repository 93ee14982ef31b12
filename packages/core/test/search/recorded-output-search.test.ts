import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetSearchGroup, FleetSearchHit } from '@switchboard/protocol';
import { coreMigrations } from '../../src/core-migrations';
import { openStore } from '../../src/store/store';
import { createWorld, type World } from '../support/world';

type Found = { groups: FleetSearchGroup[]; total: number };
let world: World | undefined;
afterEach(async () => {
  await world?.orchestrator.close();
  world = undefined;
});

/** A host over a database whose recording index holds `lines` (one row each: agent, time, text, line offsets). */
function worldWith(lines: [agent: string, atMs: number, text: string, offsets?: string][]) {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'output-search-')), 'switchboard.db');
  const store = openStore(databasePath, coreMigrations);
  const insert = store.db.prepare(
    'INSERT INTO recording_lines (agent_id, at_ms, text, line_offsets) VALUES (?, ?, ?, ?)',
  );
  store.db.transaction(() =>
    lines.forEach(([agent, at, text, offsets]) => insert.run(agent, at, text, offsets ?? null)),
  )();
  store.close();
  world = createWorld(databasePath);
  return { world, databasePath };
}
const hitsOf = async (query: string, limit = 50): Promise<FleetSearchHit[]> =>
  ((await world!.human('fleet.search', { query, sources: ['recording'], limit })) as Found).groups
    .flatMap((group) => group.hits)
    .sort((a, b) => a.rank - b.rank || b.recording!.at - a.recording!.at);

describe('search over recorded output', () => {
  it("ranks as FTS5's bm25 does when every match is in the window", async () => {
    const words = ['build', 'error', 'deploy', 'test', 'cache', 'lint'];
    const lines: [string, number, string][] = Array.from({ length: 300 }, (_, i) => [
      `agent-${i % 3}`,
      i,
      Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * (j + 3)) % words.length]).join(' '),
    ]);
    worldWith(lines);
    // The index keeps no positions (detail=none): FTS5's own bm25() and snippet() are asked of a full-detail
    // index of the same rows, as the recording index was before.
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE recording_lines (id INTEGER PRIMARY KEY, agent_id TEXT, at_ms INTEGER, text TEXT);
      CREATE VIRTUAL TABLE recording_fts USING fts5(text, content='recording_lines', content_rowid='id', tokenize='unicode61 remove_diacritics 2');`);
    const insert = db.prepare('INSERT INTO recording_lines (agent_id, at_ms, text) VALUES (?, ?, ?)');
    for (const line of lines) insert.run(...line);
    db.exec(`INSERT INTO recording_fts(recording_fts) VALUES ('rebuild')`);
    for (const query of ['error ', 'error build ', 'deploy cache lint ']) {
      const expected = db
        .prepare<[string], { at: number; rank: number; snippet: string }>(
          `SELECT l.at_ms AS at, bm25(recording_fts) AS rank, snippet(recording_fts, 0, '⟦', '⟧', '…', 16) AS snippet
          FROM recording_fts JOIN recording_lines l ON l.id = recording_fts.rowid
          WHERE recording_fts MATCH ? ORDER BY rank, l.id DESC LIMIT 20`,
        )
        .all(
          query
            .trim()
            .split(' ')
            .map((word) => `"${word}"`)
            .join(' '),
        );
      expect(expected.length).toBeGreaterThan(5);
      const hits = await hitsOf(query, 20);
      expect(hits.map((hit) => hit.recording!.at)).toEqual(expected.map((row) => row.at));
      hits.forEach((hit, i) => expect(hit.rank).toBeCloseTo(expected[i]!.rank, 9));
      // And the passages are FTS5's snippets (the rows are short: whole, the query's words marked).
      expect(hits.map((hit) => hit.snippet)).toEqual(expected.map((row) => row.snippet));
    }
    db.close();
  });

  it('ranks the newest 500 matches of a common word (equal ranks newest first), and finds a rare word anywhere', async () => {
    // A word in the oldest, a middle and the newest row only, and one in every other row.
    const lines: [string, number, string][] = Array.from({ length: 3_000 }, (_, i) => [
      'agent-a',
      i,
      `line ${i} compiling module`,
    ]);
    for (const at of [0, 1_500, 2_999]) lines[at] = ['agent-b', at, `line ${at} rare3word here`];
    worldWith(lines);
    expect((await hitsOf('rare3word ')).map((hit) => hit.recording!.at).sort((a, b) => a - b)).toEqual([
      0, 1_500, 2_999,
    ]);
    const common = await hitsOf('compiling ', 10);
    expect(common.map((hit) => hit.recording!.at)).toEqual(Array.from({ length: 10 }, (_, i) => 2_998 - i));
  });

  it("shows a long row's passage around its matches, each hit its own", async () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    worldWith([
      ['agent-a', 1, [...words.slice(0, 30), 'Deploy', ...words.slice(30)].join(' ')],
      ['agent-a', 2, 'short deploy line'],
    ]);
    const [short, long] = await hitsOf('deploy ');
    expect(short!.snippet).toBe('short ⟦deploy⟧ line');
    expect(long!.snippet).toMatch(/^…word\d+ .*⟦Deploy⟧ .*word\d+…$/);
    expect(long!.snippet.match(/[\p{L}\p{N}]+/gu)).toHaveLength(16);
  });

  it("gives a hit the time of the row's line that matches best, where a jump to the moment finds it", async () => {
    // One index row: an agent's lines of one batch, each line's time its offset from the row's.
    const lines = [
      '11:18:31  holds the lock on src/login/**',
      '11:18:33  -> grace (request): The login form is ready for review',
      '11:18:35  build 1 of the login page: login ok, login ok',
    ];
    worldWith([['agent-a', 10_000, lines.join('\n'), '0,2000,4000']]);
    // Most distinct words: the second line, though the first and third name "login" too.
    expect((await hitsOf('login form is ready '))[0]!.recording!.at).toBe(12_000);
    // One word: the line with the most of it.
    expect((await hitsOf('login '))[0]!.recording!.at).toBe(14_000);
    expect((await hitsOf('lock '))[0]!.recording!.at).toBe(10_000);
  });

  it('completes a typed word to its most frequent words in recent output, from one character', async () => {
    const lines: [string, number, string][] = [
      ['agent-old', 1, 'deprecated api in the old log'],
      // More rows than completions are drawn from, after it.
      ...Array.from({ length: 1_000 }, (_, i): [string, number, string] => [
        'agent-old',
        2 + i,
        `filler ${i}`,
      ]),
      ...Array.from({ length: 40 }, (_, i): [string, number, string] => [
        'agent-new',
        100 + i,
        i % 4 === 0 ? `deploy step ${i} and depot` : `deploy step ${i}`,
      ]),
      ...Array.from({ length: 9 }, (_, i): [string, number, string] => [
        'agent-new',
        200 + i,
        `dep${'abcdefghi'[i]}x once`,
      ]),
    ];
    worldWith(lines);
    const atsOf = async (query: string) => (await hitsOf(query)).map((hit) => hit.recording!.at);
    // Short prefixes complete too (the completions come from recent rows, not from merging the index).
    expect(await atsOf('d')).toEqual(expect.arrayContaining([100, 139, 104]));
    // Eight completions: deploy (40 rows, 10 of them with depot too), depot, and six of the nine seen once.
    expect(await atsOf('de')).toHaveLength(46);
    // The most frequent completions win: `deploy` (40 rows) and `depot` (10) are in; of nine words seen once,
    // six (in order) fill the eight.
    const typed = await hitsOf('dep', 200);
    expect(typed.filter((hit) => hit.snippet.includes('⟦deploy⟧'))).toHaveLength(40);
    expect(typed.filter((hit) => hit.snippet.includes('⟦depot⟧'))).toHaveLength(10);
    expect(typed.filter((hit) => /⟦dep[a-i]x⟧/.test(hit.snippet))).toHaveLength(6);
    // A word only in older output is no completion of a prefix recent words have, but is found whole, and by a
    // prefix no recent word starts with (completed from the 10,000 rows before the newest 1,000).
    expect(await atsOf('dep')).not.toContain(1);
    expect(await atsOf('deprecated ')).toEqual([1]);
    expect(await atsOf('deprec')).toEqual([1]);
    // Two-character prefixes do not go to FTS5 (thousands of words' postings): whole words then.
    expect(await atsOf('zq')).toEqual([]);
  });

  it('keeps no positions in the index (detail=none), and a database indexed before is rebuilt so: its lines still found', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'output-search-old-')), 'switchboard.db');
    const before = coreMigrations.map((domain) =>
      domain.domain === 'recording' ? { ...domain, migrations: domain.migrations.slice(0, 3) } : domain,
    );
    const store = openStore(databasePath, before);
    const ftsSql = (db: { prepare: (sql: string) => { get: () => unknown } }) =>
      (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'recording_fts'").get() as { sql: string }).sql;
    expect(ftsSql(store.db)).not.toContain('detail=none');
    const insert = store.db.prepare('INSERT INTO recording_lines (agent_id, at_ms, text) VALUES (?, ?, ?)');
    store.db.transaction(() => {
      for (let i = 0; i < 50; i++)
        insert.run('agent-a', i, `older line ${i} deployed ${i % 5 === 0 ? 'rollback' : 'ok'}`);
    })();
    store.close();
    world = createWorld(databasePath);
    await world.orchestrator.ready;
    const db = new Database(databasePath, { readonly: true });
    expect(ftsSql(db)).toContain('detail=none');
    db.close();
    expect((await hitsOf('rollback ')).map((hit) => hit.recording!.at).sort((a, b) => a - b)).toEqual([
      0, 5, 10, 15, 20, 25, 30, 35, 40, 45,
    ]);
    const [first] = await hitsOf('rollback ', 1);
    expect(first!.snippet).toBe('older line 45 deployed ⟦rollback⟧');
    expect((await hitsOf('deplo')).length).toBe(50);
  });
});
