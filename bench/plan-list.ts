// plan.list's query over many plans (20,000; smoke 500), bare SQLite with the plans domain's own tables: the query
// now (plan migration 3: read newest first along plans_newest / plans_state_newest, an agent's own plans from
// plan_participants) against the query before session 25 on a database migrated only that far (every call scanned
// the plans and sorted them; an agent's parsed each plan's participants with json_each). Four calls, each the median
// of BENCH_N runs, the two legs alternated over BENCH_ROUNDS rounds (the first leg of a round swaps each round).
// Rows: µs p50 per call, now and before, and before / now.
import { planMigrations } from '../packages/core/src/plans/plan-migrations';
import { planListSql, type PlanListFilter } from '../packages/core/src/plans/plan-repository';
import { openStore, type Store } from '../packages/core/src/store/store';
import { report, size, summarize } from './stats';

const PLANS = size('BENCH_PLANS', 20_000, { smoke: 500 });
const N = size('BENCH_N', 31, { smoke: 3 });
const ROUNDS = size('BENCH_ROUNDS', 4, { smoke: 1 });
const STATES = ['running', 'completed', 'failed'] as const;
/** One agent in every 5,000th plan (4 at 20,000), the others 1 in 50 each, and a second participant in all. */
const participantsOf = (i: number) => [i % 5_000 === 0 ? 'rare' : `agent-${i % 50}`, 'everywhere'];

function filled(migrations: typeof planMigrations, withParticipants: boolean): Store {
  const store = openStore(':memory:', [migrations]);
  const plan = store.prepare(
    `INSERT INTO plans (id, name, state, stop_on_failure, created_by, participants, created_at, updated_at)
     VALUES (?, 'p', ?, 1, 'x', ?, ?, ?)`,
  );
  const participant = withParticipants
    ? store.prepare('INSERT INTO plan_participants (agent_id, plan_id) VALUES (?, ?)')
    : undefined;
  store.transaction(() => {
    for (let i = 0; i < PLANS; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      plan.run(`plan-${i}`, STATES[i % 3]!, JSON.stringify(participantsOf(i)), at, at);
      for (const agent of participantsOf(i)) participant?.run(agent, `plan-${i}`);
    }
  });
  return store;
}

/** The session-24 query, as plan-repository.ts wrote it then. */
function beforeSql(filter: PlanListFilter): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.state !== undefined) {
    where.push('state = ?');
    params.push(filter.state);
  }
  if (filter.participant !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(plans.participants) WHERE json_each.value = ?)');
    params.push(filter.participant);
  }
  const sql =
    `SELECT * FROM plans${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
    ` ORDER BY created_at DESC, rowid DESC LIMIT ${filter.limit}`;
  return { sql, params };
}

const now = filled(planMigrations, true);
const before = filled({ ...planMigrations, migrations: planMigrations.migrations.slice(0, 2) }, false);
const CALLS: [string, PlanListFilter][] = [
  ["the person's newest 50", { limit: 50 }],
  ["the person's 50 running", { state: 'running', limit: 50 }],
  ['an agent in 1 of 50 plans, 50', { participant: 'agent-7', limit: 50 }],
  ['an agent in 4 plans', { participant: 'rare', limit: 50 }],
];

/** µs per call, the median of N, after one warm-up; checks both legs return the same plans. */
function time(store: Store, query: { sql: string; params: string[] }): { us: number; ids: string } {
  const statement = store.prepare<string[], { id: string }>(query.sql);
  const ids = statement
    .all(...query.params)
    .map((r) => r.id)
    .join(' ');
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    statement.all(...query.params);
    samples.push((performance.now() - started) * 1000);
  }
  return { us: summarize(samples).p50, ids };
}

const perCall: Record<string, { now: number[]; before: number[] }> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, filter] of CALLS) {
    const legs = [
      ['now', () => time(now, planListSql(filter))],
      ['before', () => time(before, beforeSql(filter))],
    ] as const;
    const results: Record<string, { us: number; ids: string }> = {};
    for (const [leg, run] of round % 2 === 0 ? legs : [...legs].reverse()) results[leg] = run();
    if (results['now']!.ids !== results['before']!.ids) throw new Error(`${name}: the two queries disagree`);
    const row = (perCall[name] ??= { now: [], before: [] });
    row.now.push(results['now']!.us);
    row.before.push(results['before']!.us);
  }
}
const rows = Object.fromEntries(
  Object.entries(perCall).map(([name, { now: n, before: b }]) => {
    const [nowUs, beforeUs] = [summarize(n).p50, summarize(b).p50];
    return [name, { 'now µs p50': nowUs, 'before µs p50': beforeUs, 'before / now': beforeUs / nowUs }];
  }),
);
now.close();
before.close();
await report('plan-list', rows, { plans: PLANS, runsPerCall: N, rounds: ROUNDS });
