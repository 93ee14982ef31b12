import type { DelegationStrategy, Manager, ManagerWorker } from '@switchboard/protocol';
import { statementCache } from '../store/statement-cache';
import type { Store } from '../store/store';
import type { StrategyMemory } from './strategies';

export interface ManagerRecord extends Manager {
  memory: StrategyMemory;
}

interface ManagerRow {
  id: string;
  name: string;
  owner_id: string;
  strategy: string;
  seed: number;
  cursor: number;
  rng: number;
  created_at: string;
  updated_at: string;
}
interface WorkerRow {
  agent_id: string;
  role: string | null;
  priority: number;
  capabilities: string;
}

/** SQL for managers: one row per manager (with its strategy's memory), one per worker in pool order. */
export class ManagerRepository {
  private readonly prepared: ReturnType<typeof statementCache>;

  constructor(private readonly store: Store) {
    this.prepared = statementCache(store.db);
  }

  countOwnedBy(ownerId: string): number {
    return this.prepared<[string], { n: number }>(
      'SELECT count(*) AS n FROM managers WHERE owner_id = ?',
    ).get(ownerId)!.n;
  }

  /** By id or by name. */
  find(ref: string): ManagerRecord | undefined {
    const row = this.prepared<[string, string], ManagerRow>(
      'SELECT * FROM managers WHERE id = ? OR name = ?',
    ).get(ref, ref);
    return row ? this.toRecord(row) : undefined;
  }

  list(): ManagerRecord[] {
    return this.prepared<[], ManagerRow>('SELECT * FROM managers ORDER BY created_at, rowid')
      .all()
      .map((row) => this.toRecord(row));
  }

  /** Writes the manager whole: its row and its pool (replaced). */
  save(manager: ManagerRecord): void {
    this.prepared(
      `INSERT INTO managers (id, name, owner_id, strategy, seed, cursor, rng, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET strategy = excluded.strategy, cursor = excluded.cursor, rng = excluded.rng, updated_at = excluded.updated_at`,
    ).run(
      manager.id,
      manager.name,
      manager.ownerId,
      manager.strategy,
      manager.seed,
      manager.memory.cursor,
      manager.memory.rng,
      manager.createdAt,
      manager.updatedAt,
    );
    this.prepared('DELETE FROM manager_workers WHERE manager_id = ?').run(manager.id);
    const insert = this.prepared(
      'INSERT INTO manager_workers (manager_id, agent_id, position, role, priority, capabilities) VALUES (?, ?, ?, ?, ?, ?)',
    );
    manager.workers.forEach((w, position) =>
      insert.run(manager.id, w.agentId, position, w.role, w.priority, JSON.stringify(w.capabilities)),
    );
  }

  /** Only the strategy's memory (after a pick). */
  remember(managerId: string, memory: StrategyMemory): void {
    this.prepared('UPDATE managers SET cursor = ?, rng = ? WHERE id = ?').run(
      memory.cursor,
      memory.rng,
      managerId,
    );
  }

  delete(id: string): void {
    this.prepared('DELETE FROM managers WHERE id = ?').run(id);
  }

  private toRecord(row: ManagerRow): ManagerRecord {
    const workers = this.prepared<[string], WorkerRow>(
      'SELECT * FROM manager_workers WHERE manager_id = ? ORDER BY position',
    )
      .all(row.id)
      .map((w): ManagerWorker => ({
        agentId: w.agent_id,
        role: w.role,
        priority: w.priority,
        capabilities: JSON.parse(w.capabilities) as string[],
      }));
    return {
      id: row.id,
      name: row.name,
      ownerId: row.owner_id,
      strategy: row.strategy as DelegationStrategy,
      seed: row.seed,
      workers,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      memory: { cursor: row.cursor, rng: row.rng },
    };
  }
}
