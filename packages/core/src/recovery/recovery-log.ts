import type {
  RecoveryAction,
  RecoveryLogEntry,
  RecoveryOutcome,
  RecoveryTrigger,
  TimelineKind,
} from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';

/**
 * Where what recovery did to an agent are on the replay timeline (recordings' `timelineOf` runs them as one UNION): each SELECT gives
 * `at` (ms), `agentId` and `summary` for the agents in the JSON array `@agents`; `@from`/`@to` (ms) bound them.
 */
export const RECOVERY_TIMELINE: readonly { kind: TimelineKind; sql: string }[] = [
  {
    kind: 'recovery',
    sql: `SELECT at_ms AS at, agent_id AS agentId, action || ' ' || outcome || ': ' || reason AS summary
          FROM recovery_log WHERE agent_id IN (SELECT value FROM json_each(@agents)) AND at_ms BETWEEN @from AND @to`,
  },
];

/** A row to append; `id` and `at` come from the log. */
export interface NewLogEntry {
  agentId: string;
  agentName: string;
  action: RecoveryAction;
  trigger: RecoveryTrigger | null;
  outcome: RecoveryOutcome;
  reason: string;
  detail: string;
  attempt: number;
}

export interface LogQuery {
  agentId?: string;
  action?: RecoveryAction;
  outcome?: RecoveryOutcome;
  sinceMs?: number;
  untilMs?: number;
  limit: number;
}

interface LogRow {
  id: number;
  agent_id: string;
  agent_name: string;
  action: string;
  trigger: string | null;
  outcome: string;
  reason: string;
  detail: string;
  attempt: number;
  at_ms: number;
}

const toEntry = (row: LogRow): RecoveryLogEntry => ({
  id: row.id,
  agentId: row.agent_id,
  agentName: row.agent_name,
  action: row.action as RecoveryAction,
  trigger: row.trigger as RecoveryTrigger | null,
  outcome: row.outcome as RecoveryOutcome,
  reason: row.reason,
  detail: row.detail,
  attempt: row.attempt,
  at: new Date(row.at_ms).toISOString(),
});

/** What recovery did to whom, why and with what outcome: in SQLite, queryable by agent, action, outcome and time. */
export class RecoveryLog {
  constructor(private readonly store: Store) {}

  append(entry: NewLogEntry, atMs: number): RecoveryLogEntry {
    const result = this.store
      .prepare(
        `INSERT INTO recovery_log (agent_id, agent_name, action, trigger, outcome, reason, detail, attempt, at_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.agentId,
        entry.agentName,
        entry.action,
        entry.trigger,
        entry.outcome,
        entry.reason.slice(0, 1000),
        entry.detail.slice(0, 1000),
        entry.attempt,
        atMs,
      );
    return {
      ...entry,
      reason: entry.reason.slice(0, 1000),
      detail: entry.detail.slice(0, 1000),
      id: Number(result.lastInsertRowid),
      at: new Date(atMs).toISOString(),
    };
  }

  /** Newest first. */
  query(query: LogQuery): RecoveryLogEntry[] {
    const filters: [string, unknown][] = [];
    if (query.agentId !== undefined) filters.push(['agent_id = ?', query.agentId]);
    if (query.action !== undefined) filters.push(['action = ?', query.action]);
    if (query.outcome !== undefined) filters.push(['outcome = ?', query.outcome]);
    if (query.sinceMs !== undefined) filters.push(['at_ms >= ?', query.sinceMs]);
    if (query.untilMs !== undefined) filters.push(['at_ms <= ?', query.untilMs]);
    const where = filters.map(([clause]) => clause);
    const params = filters.map(([, value]) => value);
    const sql = `SELECT * FROM recovery_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC${limitClause(query.limit)}`;
    return this.store
      .prepare<unknown[], LogRow>(sql)
      .all(...params)
      .map(toEntry);
  }
}
