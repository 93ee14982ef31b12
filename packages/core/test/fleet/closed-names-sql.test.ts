// fleet.snapshot names the 1,000 agents closed last (formerNames, session 27): read along the `agents_closed` index,
// with no sort of every closed agent (closed agents are kept for good; without the index a snapshot of a host that had
// closed 100,000 agents sorted them all, ~210 ms). Real SQLite (in memory) with the fleet domain's own tables.
import { describe, expect, it } from 'vitest';
import { fleetMigrations } from '../../src/fleet/fleet-migrations';
import { closedNamesSql, FleetRepository } from '../../src/fleet/fleet-repository';
import { openStore } from '../../src/store/store';

describe('the names of the agents closed last, in SQL', () => {
  const store = openStore(':memory:', [fleetMigrations]);
  const insert = store.prepare(
    `INSERT INTO agents (id, name, kind, role, state, state_since, position, created_at, closed_at)
     VALUES (?, ?, 'shell', 'builder', 'idle', 't', 0, 't', ?)`,
  );
  store.transaction(() => {
    // 3,000 closed, two at each second (ties broken by id), and 10 open.
    for (let i = 0; i < 3_000; i++)
      insert.run(
        `agent-${String(i).padStart(5, '0')}`,
        `a${i}`,
        new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString(),
      );
    for (let i = 0; i < 10; i++) insert.run(`open-${i}`, `o${i}`, null);
  });

  it('reads along the index, with no sort of the closed agents', () => {
    const plan = store
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${closedNamesSql(1000)}`)
      .all()
      .map((r) => r.detail);
    expect(plan.join(' | ')).toContain('agents_closed');
    // The one sort left is of the 1,000 rows the limit kept (oldest first), inside the subquery's result.
    expect(plan.filter((step) => step.includes('TEMP B-TREE'))).toHaveLength(1);
  });

  it('answers the 1,000 closed last, oldest first, open agents left out', () => {
    const names = new FleetRepository(store).closedNames(1000);
    expect(names).toHaveLength(1000);
    expect(names[0]).toEqual({ id: 'agent-02000', name: 'a2000' });
    expect(names.at(-1)).toEqual({ id: 'agent-02999', name: 'a2999' });
    expect(names.some((n) => n.id.startsWith('open-'))).toBe(false);
  });
});
