import type {
  AgentState,
  Confidence,
  HealthSignal,
  HealthTransition,
  TimelineKind,
} from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';

/**
 * Where an agent's state changes (times kept as ISO text, turned to ms by SQLite) are on the replay timeline (recordings' `timelineOf` runs them as one UNION): each SELECT gives
 * `at` (ms), `agentId` and `summary` for the agents in the JSON array `@agents`; `@from`/`@to` (ms) bound them.
 */
export const HEALTH_TIMELINE: readonly { kind: TimelineKind; sql: string }[] = [
  {
    kind: 'state',
    sql: `SELECT CAST(unixepoch(since, 'subsec') * 1000 AS INTEGER) AS at, agent_id AS agentId, state AS summary
          FROM health_transitions WHERE agent_id IN (SELECT value FROM json_each(@agents))`,
  },
];

interface TransitionRow {
  state: string;
  since: string;
  confidence: string;
  unsure: number;
  signals: string;
}

/** Every state an agent has been in, in SQLite (it outlives a host restart). */
export class HealthHistory {
  constructor(private readonly store: Store) {}

  append(agentId: string, transition: HealthTransition): void {
    this.store
      .prepare(
        'INSERT INTO health_transitions (agent_id, state, since, confidence, unsure, signals) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        agentId,
        transition.state,
        transition.since,
        transition.confidence,
        transition.unsure ? 1 : 0,
        JSON.stringify(transition.signals),
      );
  }

  /** The newest `limit` transitions, oldest first. */
  recent(agentId: string, limit: number): HealthTransition[] {
    const rows = this.store
      .prepare<[string], TransitionRow>(
        `SELECT state, since, confidence, unsure, signals FROM health_transitions WHERE agent_id = ? ORDER BY id DESC${limitClause(limit)}`,
      )
      .all(agentId);
    return rows.reverse().map((row) => ({
      state: row.state as AgentState,
      since: row.since,
      confidence: row.confidence as Confidence,
      unsure: row.unsure === 1,
      signals: JSON.parse(row.signals) as HealthSignal[],
    }));
  }
}
