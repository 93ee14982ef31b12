import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Plan } from '@switchboard/protocol';
import { createWorld } from '../support/world';

const ids = (out: unknown) => (out as { plans: { id: string }[] }).plans.map((p) => p.id);

/** Adds `count` finished plans, newer than any made so far, whose only participant is `agentId`. */
function addNewerPlans(databasePath: string, agentId: string, count: number): void {
  const db = new Database(databasePath);
  try {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO plans (id, name, state, stop_on_failure, created_by, participants, created_at, updated_at)
       SELECT 'other-' || i, 'other', 'completed', 1, ?, json_array(?), '2999-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z'
       FROM n`,
    ).run(count, agentId, agentId);
    db.prepare(
      `INSERT INTO plan_participants (agent_id, plan_id) SELECT ?, id FROM plans WHERE id LIKE 'other-%'`,
    ).run(agentId);
  } finally {
    db.close();
  }
}

describe('plan.list as an agent', () => {
  it("sees its own plans behind 1,200 newer plans of another agent, bounded by its limit, and none of the other's", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-plan-list-')), 'switchboard.db');
    const world = createWorld(databasePath);
    const mine = await world.spawn('mine', 'builder');
    const other = await world.spawn('other', 'builder');
    const made: string[] = [];
    for (const name of ['first', 'second']) {
      const plan = (await world.human('plan.create', {
        name,
        steps: [{ id: 's', task: 't', assignee: { agent: 'mine' } }],
      })) as Plan;
      made.unshift(plan.id);
    }
    addNewerPlans(databasePath, other.id, 1200);

    expect(ids(await world.as(mine)('plan.list'))).toEqual(made);
    expect(ids(await world.as(mine)('plan.list', { limit: 1 }))).toEqual([made[0]]);
    expect(ids(await world.as(mine)('plan.list', { state: 'completed' }))).toEqual([]);
    const others = ids(await world.as(other)('plan.list', { limit: 200 }));
    expect(others).toHaveLength(200);
    expect(others.some((id) => made.includes(id))).toBe(false);
    expect(ids(await world.human('plan.list', { limit: 3 }))).toHaveLength(3);
  });
});
