import type { Lock, LockResourceKind, TimelineKind } from '@switchboard/protocol';
import type { Store } from '../store/store';

/**
 * Where an agent's leases taken and ended (times kept as ISO text, turned to ms by SQLite) are on the replay timeline (recordings' `timelineOf` runs them as one UNION): each SELECT gives
 * `at` (ms), `agentId` and `summary` for the agents in the JSON array `@agents`; `@from`/`@to` (ms) bound them.
 */
export const LOCK_TIMELINE: readonly { kind: TimelineKind; sql: string }[] = [
  {
    kind: 'lock.acquired',
    sql: `SELECT CAST(unixepoch(acquired_at, 'subsec') * 1000 AS INTEGER) AS at, owner AS agentId, kind || ' ' || name || coalesce(' (' || reason || ')', '') AS summary
          FROM locks WHERE owner IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'lock.released',
    sql: `SELECT CAST(unixepoch(ended_at, 'subsec') * 1000 AS INTEGER) AS at, owner AS agentId, kind || ' ' || name || coalesce(': ' || end_reason, '') AS summary
          FROM locks WHERE ended_at IS NOT NULL AND owner IN (SELECT value FROM json_each(@agents))`,
  },
];

interface LockRow {
  id: string;
  kind: string;
  name: string;
  owner: string;
  reason: string | null;
  acquired_at: string;
  renewed_at: string;
  expires_at: string;
  expires_ms: number;
  approval_id: string | null;
}

const toLock = (row: LockRow): Lock => ({
  id: row.id,
  resource: { kind: row.kind as LockResourceKind, name: row.name },
  owner: row.owner,
  reason: row.reason,
  acquiredAt: row.acquired_at,
  renewedAt: row.renewed_at,
  expiresAt: row.expires_at,
});

/** SQL for leases. A lease is active until it ends (released, handed over, expired). */
export class LockRepository {
  private readonly prepared: Store['prepare'];

  constructor(private readonly store: Store) {
    this.prepared = store.prepare;
  }

  active(
    filter: {
      kind?: LockResourceKind | undefined;
      owner?: string | undefined;
      name?: string | undefined;
    } = {},
  ): Lock[] {
    const where = ['ended_at IS NULL'];
    const args: unknown[] = [];
    for (const column of ['kind', 'owner', 'name'] as const) {
      if (filter[column] === undefined) continue;
      where.push(`${column} = ?`);
      args.push(filter[column]);
    }
    return this.prepared<unknown[], LockRow>(
      `SELECT * FROM locks WHERE ${where.join(' AND ')} ORDER BY acquired_at, rowid`,
    )
      .all(...args)
      .map(toLock);
  }

  /** How many leases this owner holds now (ended ones not counted; expired ones until the next overdue sweep). */
  liveCountOf(owner: string): number {
    return this.prepared<[string], { n: number }>(
      'SELECT count(*) AS n FROM locks WHERE owner = ? AND ended_at IS NULL',
    ).get(owner)!.n;
  }

  find(id: string): Lock | undefined {
    const row = this.prepared<[string], LockRow>('SELECT * FROM locks WHERE id = ? AND ended_at IS NULL').get(
      id,
    );
    return row ? toLock(row) : undefined;
  }

  grantedFor(approvalId: string): Lock | undefined {
    const row = this.prepared<[string], LockRow>(
      'SELECT * FROM locks WHERE approval_id = ? ORDER BY rowid DESC',
    ).get(approvalId);
    return row ? toLock(row) : undefined;
  }

  insert(lock: Lock, approvalId: string | null): void {
    this.prepared(
      `INSERT INTO locks (id, kind, name, owner, reason, acquired_at, renewed_at, expires_at, expires_ms, approval_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      lock.id,
      lock.resource.kind,
      lock.resource.name,
      lock.owner,
      lock.reason,
      lock.acquiredAt,
      lock.renewedAt,
      lock.expiresAt,
      Date.parse(lock.expiresAt),
      approvalId,
    );
  }

  renew(lock: Lock): void {
    this.prepared('UPDATE locks SET renewed_at = ?, expires_at = ?, expires_ms = ? WHERE id = ?').run(
      lock.renewedAt,
      lock.expiresAt,
      Date.parse(lock.expiresAt),
      lock.id,
    );
  }

  end(id: string, at: string, reason: string): boolean {
    return (
      this.prepared('UPDATE locks SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(
        at,
        reason,
        id,
      ).changes === 1
    );
  }

  /** The leases held at `nowMs` (not ended, not past their expiry), counted by resource kind. */
  heldByKind(nowMs: number): { kind: string; value: number }[] {
    return this.prepared<[number], { kind: string; value: number }>(
      'SELECT kind, count(*) AS value FROM locks WHERE ended_at IS NULL AND expires_ms > ? GROUP BY kind',
    ).all(nowMs);
  }

  overdue(nowMs: number): Lock[] {
    return this.prepared<[number], LockRow>('SELECT * FROM locks WHERE ended_at IS NULL AND expires_ms <= ?')
      .all(nowMs)
      .map(toLock);
  }
}
