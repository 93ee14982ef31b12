// plan.list reads along indexes: the person's list newest first (of one state or all) with no scan of the plans and no
// sort; an agent's from its own rows of the participants table (before session 25 every call scanned every plan and
// sorted them; an agent's parsed each plan's participants). Real SQLite with the plans domain's own tables.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanState } from '@switchboard/protocol';
import { planMigrations } from '../../src/plans/plan-migrations';
import {
  PlanRepository,
  planListSql,
  type PlanListFilter,
  type PlanRecord,
} from '../../src/plans/plan-repository';
import { openStore, type Store } from '../../src/store/store';

const AGENTS = Array.from({ length: 9 }, (_, i) => `agent-${i}`);

/** `n` plans, 1 to 3 participants each, every state, creation times with ties (a fixed seed: the same every run). */
function plans(n: number): PlanRecord[] {
  let seed = 7;
  const pick = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(Date.UTC(2026, 11, 1) + Math.floor(i / 3) * 1000).toISOString();
    const participants = [...new Set(Array.from({ length: 1 + pick(3) }, () => AGENTS[pick(9)]!))];
    return {
      id: `plan-${i}`,
      name: `plan ${i}`,
      state: PlanState.options[pick(PlanState.options.length)]!,
      stopOnFailure: true,
      createdBy: participants[0]!,
      participants,
      createdAt: at,
      updatedAt: at,
      steps: [],
    };
  });
}

const made = plans(2_000);
const store = openStore(':memory:', [planMigrations]);
const repository = new PlanRepository(store);
store.transaction(() => made.forEach((plan) => repository.insert(plan)));

const queryPlan = (filter: PlanListFilter) => {
  const { sql, params } = planListSql(filter);
  return store
    .prepare<string[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((r) => r.detail)
    .join(' | ');
};
const listed = (on: Store, filter: PlanListFilter) =>
  new PlanRepository(on).list(filter).map((row) => row.plan.id);
/** The expected answer, worked out in JS: newest first, the later-made first among ties. */
const expected = (filter: PlanListFilter) =>
  made
    .filter((p) => filter.state === undefined || p.state === filter.state)
    .filter((p) => filter.participant === undefined || p.participants.includes(filter.participant))
    .reverse()
    .slice(0, filter.limit)
    .map((p) => p.id);

describe('plan.list in SQL', () => {
  it.each([
    ['every plan', {}],
    ['one state', { state: 'running' as const }],
  ])("the person's (%s): newest first along an index, no scan, no sort", (_name, filter) => {
    const query = { ...filter, limit: 50 };
    const plan = queryPlan(query);
    expect(plan).not.toMatch(/SCAN plans(?! USING)/);
    expect(plan).not.toContain('TEMP B-TREE');
    expect(plan).toMatch(/plans_(state_)?newest/);
    expect(listed(store, query)).toEqual(expected(query));
  });

  it.each([
    ['every plan', {}],
    ['one state', { state: 'completed' as const }],
  ])("an agent's (%s): its own rows of the participants table, no scan of the plans", (_name, filter) => {
    const query = { ...filter, participant: 'agent-4', limit: 30 };
    const plan = queryPlan(query);
    expect(plan).toContain('SEARCH plan_participants');
    expect(plan).not.toMatch(/SCAN plans/);
    expect(listed(store, query)).toEqual(expected(query));
    expect(listed(store, { ...query, limit: 200 })).toEqual(expected({ ...query, limit: 200 }));
  });

  it("a participant added later (a step assigned to a new agent) lists the plan in that agent's list", () => {
    const plan = made.find((p) => !p.participants.includes('agent-new'))!;
    repository.updatePlan({ ...plan, participants: [...plan.participants, 'agent-new'] });
    expect(listed(store, { participant: 'agent-new', limit: 10 })).toEqual([plan.id]);
  });

  it('a database from before the participants table gets it filled from each plan at the migration', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-plan-list-sql-')), 'switchboard.db');
    const before = { ...planMigrations, migrations: planMigrations.migrations.slice(0, 2) };
    const old = openStore(path, [before]);
    const insert = old.prepare(
      `INSERT INTO plans (id, name, state, stop_on_failure, created_by, participants, created_at, updated_at)
       VALUES (?, 'p', ?, 1, ?, ?, ?, ?)`,
    );
    for (const p of made.slice(0, 300))
      insert.run(p.id, p.state, p.createdBy, JSON.stringify(p.participants), p.createdAt, p.updatedAt);
    old.close();
    const migrated = openStore(path, [planMigrations]);
    try {
      const query = { participant: 'agent-2', limit: 200 };
      const want = made
        .slice(0, 300)
        .filter((p) => p.participants.includes('agent-2'))
        .reverse()
        .map((p) => p.id);
      expect(want.length).toBeGreaterThan(20);
      expect(listed(migrated, query)).toEqual(want);
    } finally {
      migrated.close();
    }
  });
});
