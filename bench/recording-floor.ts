/**
 * The floor under recording's overhead (issue 25): the same essential work `bench/recording-overhead` asks of the
 * recorder, done plainly with no Switchboard code — 100 agents × 20 lines a second of the same line text; per agent
 * per second a redaction prefilter test per line and one JSON frame of the screen's last 24 rows; per agent per 5 s
 * (a chunk) one deflate at level 1 with an 8 KiB window appended to a file and one FTS5 row (detail=none, columnsize=0,
 * external content, all agents' rows in one multi-row INSERT in one transaction, WAL). Reported: CPU ms per simulated
 * second of printing, all parts and each alone (line making alone is the baseline the others include; FTS5 also with
 * an agent's row every 30 s instead of every chunk, all agents' rows in one INSERT: session 21's row size), to read
 * against recording-overhead's off leg (~20 CPU ms/s here): if the floor alone is above 1.2× of it, the goal needs
 * less work per line than these operations take, not only a cheaper recorder. Rounds rotate the parts' order.
 * Session 23's legs: FTS5 with rows of 1 s (the recorder's batch rows), the same rows with no index (their
 * baseline), and the word-hash index in FTS5's place (the one piece of Switchboard code here: `WordIndex`,
 * bench/support/word-index/word-index.ts, a prototype not wired into the recorder).
 * Prints JSON and a table; writes bench/results/recording-floor.json.
 */
import { mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { WORD_INDEX_SQL, WordIndex } from './support/word-index/word-index';
import { report, size, summarize } from './stats';

const SECONDS = size('BENCH_SECONDS', 30, { smoke: 2 });
const ROUNDS = size('BENCH_ROUNDS', 3, { smoke: 1 });
const AGENTS = 100;
const LINES_PER_SECOND = 20;
const ROWS = 24;
const CHUNK_SECONDS = 5;
const lineOf = (n: number) => `${n} compiling module ${n % 97} of the build: ok (${(n * 7919) % 10_000} ms)`;
// The shape of the recorder's prefilter: an anchor any secret pattern starts with.
const ANCHOR =
  /-----BEGIN |sk-ant-|sk-|AIza|ya29\.|GOCSPX-|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|npm_|AKIA|ASIA|ABIA|ACCA|xox|xapp-|https:\/\/hooks\.slack\.com\/|eyJ|:\/\/|Authorization:|pass|pwd|secret|key|token/i;

type Part = 'redact' | 'frame' | 'deflate' | 'fts' | 'words' | 'rows';
const LEGS: { name: string; parts: Part[]; rowSeconds?: number }[] = [
  { name: 'line making only (baseline)', parts: [] },
  { name: 'redaction prefilter', parts: ['redact'] },
  { name: 'JSON frames', parts: ['frame'] },
  { name: 'deflate', parts: ['deflate'] },
  { name: 'FTS5 rows', parts: ['fts'] },
  { name: 'FTS5 rows of 30 s', parts: ['fts'], rowSeconds: 30 },
  { name: 'FTS5 rows of 1 s', parts: ['fts'], rowSeconds: 1 },
  { name: 'rows of 1 s, no index', parts: ['rows'], rowSeconds: 1 },
  { name: 'word-hash index rows', parts: ['words'] },
  { name: 'word-hash index rows of 1 s', parts: ['words'], rowSeconds: 1 },
  {
    name: 'all parts, word-hash index rows of 1 s',
    parts: ['redact', 'frame', 'deflate', 'words'],
    rowSeconds: 1,
  },
  { name: 'all parts', parts: ['redact', 'frame', 'deflate', 'fts'] },
  { name: 'all parts, FTS5 rows of 30 s', parts: ['redact', 'frame', 'deflate', 'fts'], rowSeconds: 30 },
];

/** CPU ms per simulated second of printing, with `parts` done, an agent's index row every `rowSeconds`. */
function floorOf(parts: ReadonlySet<Part>, rowSeconds = CHUNK_SECONDS): number {
  const folder = mkdtempSync(join(tmpdir(), 'sb-recording-floor-'));
  const db = new Database(join(folder, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE lines (id INTEGER PRIMARY KEY, agent_id TEXT NOT NULL, at_ms INTEGER NOT NULL, text TEXT NOT NULL);
    CREATE INDEX lines_agent ON lines(agent_id, at_ms);
    CREATE VIRTUAL TABLE lines_fts USING fts5(text, content='lines', content_rowid='id', detail=none, columnsize=0,
      tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER lines_insert AFTER INSERT ON lines BEGIN INSERT INTO lines_fts(rowid, text) VALUES (new.id, new.text); END;`);
  db.exec(`CREATE TABLE plain_lines (id INTEGER PRIMARY KEY, agent_id TEXT NOT NULL, at_ms INTEGER NOT NULL, text TEXT NOT NULL);
    CREATE INDEX plain_lines_agent ON plain_lines(agent_id, at_ms); ${WORD_INDEX_SQL}`);
  const statements = new Map<string, Database.Statement>();
  const words = new WordIndex(
    <R>(sql: string) =>
      (statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!) as Database.Statement<
        unknown[],
        R
      >,
  );
  const insertPlain = db.prepare(
    `INSERT INTO plain_lines (agent_id, at_ms, text) VALUES ${Array.from({ length: AGENTS }, () => '(?, ?, ?)').join(', ')}`,
  );
  const insert = db.prepare(
    `INSERT INTO lines (agent_id, at_ms, text) VALUES ${Array.from({ length: AGENTS }, () => '(?, ?, ?)').join(', ')}`,
  );
  const chunks = Array.from({ length: AGENTS }, () => [] as string[]);
  const rows = Array.from({ length: AGENTS }, () => [] as string[]);
  const files = Array.from({ length: AGENTS }, (_, i) => openSync(join(folder, `agent-${i}.seg`), 'a'));
  let printed = 0;
  let kept = 0;
  const second = (at: number) => {
    const params: (string | number)[] = [];
    const chunkEnds = at % CHUNK_SECONDS === CHUNK_SECONDS - 1;
    const rowEnds = at % rowSeconds === rowSeconds - 1;
    for (let agent = 0; agent < AGENTS; agent++) {
      const lines: string[] = [];
      for (let i = 0; i < LINES_PER_SECOND; i++) {
        const line = lineOf(printed++);
        lines.push(parts.has('redact') && ANCHOR.test(line) ? line.replace(ANCHOR, '***') : line);
      }
      if (parts.has('frame'))
        chunks[agent]!.push(
          JSON.stringify({ at: at * 1000, rows: lines.slice(-ROWS).map((text, row) => [row, text]) }),
        );
      rows[agent]!.push(...lines);
      if (chunkEnds && parts.has('deflate') && chunks[agent]!.length > 0)
        writeSync(
          files[agent]!,
          deflateRawSync(Buffer.from(chunks[agent]!.join('\n')), { level: 1, windowBits: 13, memLevel: 7 }),
        );
      if (chunkEnds) chunks[agent] = [];
      if (rowEnds) {
        params.push(`agent-${agent}`, at * 1000, rows[agent]!.join('\n'));
        rows[agent] = [];
      }
      kept += lines.length;
    }
    if (parts.has('fts') && params.length > 0) db.transaction(() => insert.run(...params))();
    if ((parts.has('words') || parts.has('rows')) && params.length > 0)
      db.transaction(() => {
        const last = Number(insertPlain.run(...params).lastInsertRowid);
        if (parts.has('words'))
          words.add(last - params.length / 3 + 1, params.filter((_, i) => i % 3 === 2) as string[]);
      })();
  };
  for (let at = 0; at < CHUNK_SECONDS * 2; at++) second(at); // warm-up: two chunks
  const before = process.cpuUsage();
  for (let at = CHUNK_SECONDS * 2; at < CHUNK_SECONDS * 2 + SECONDS; at++) second(at);
  const used = process.cpuUsage(before);
  db.close();
  rmSync(folder, { recursive: true, force: true });
  if (kept === 0) throw new Error('nothing printed');
  return (used.user + used.system) / 1000 / SECONDS;
}

const samples = new Map<string, number[]>(LEGS.map((leg) => [leg.name, []]));
for (let round = 0; round < ROUNDS; round++)
  for (let i = 0; i < LEGS.length; i++) {
    const leg = LEGS[(i + round) % LEGS.length]!;
    samples.get(leg.name)!.push(floorOf(new Set(leg.parts), leg.rowSeconds));
  }
const rows = Object.fromEntries(
  LEGS.map((leg) => {
    const { n, p50, mean } = summarize(samples.get(leg.name)!);
    return [`${leg.name} (CPU ms per simulated s)`, { n, p50, mean }];
  }),
);
await report('recording-floor', rows, {
  agents: AGENTS,
  linesPerSecond: AGENTS * LINES_PER_SECOND,
  seconds: SECONDS,
  rounds: ROUNDS,
  loadAverage: loadavg(),
});
