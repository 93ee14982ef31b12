import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { ageCutoffIso, type LogLimits } from '../store/log-limits';

/**
 * Each open agent's newest transitions stay whatever their age: its chart and current state read them
 * (`health.history` answers 100 by default; the dashboard asks for 60).
 */
export const HEALTH_KEPT_PER_OPEN_AGENT = 100;

/**
 * Deletes up to `batchRows` of the oldest health transitions that are older than `maxAgeDays` or beyond the
 * newest `maxRows` ids, except an open agent's newest 100; a closed or removed agent's rows all go by the
 * limits. Rows are walked in id order (the order they were written, so by time too) within the oldest
 * `batchRows` + 100 per open agent: past those, every row is protected or young, so no scan of the table.
 */
export function pruneHealthTransitions(
  store: Store,
  openAgentIds: readonly string[],
  limits: LogLimits,
  nowMs: number,
  batchRows: number,
): number {
  const cutoff = ageCutoffIso(limits, nowMs) ?? '';
  const newest =
    store.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM health_transitions').get()?.id ?? 0;
  const capThrough = limits.maxRows === null ? 0 : newest - limits.maxRows;
  if (cutoff === '' && capThrough <= 0) return 0;
  const window = batchRows + openAgentIds.length * HEALTH_KEPT_PER_OPEN_AGENT;
  // Each open agent's threshold (its 100th newest id) once per batch, materialized: a protected row in the
  // window is then one look-up in it (SQLite indexes it for the join), not a walk of that agent's newest 100.
  return store.transaction(
    () =>
      store
        .prepare<[string, number, string], never>(
          `WITH keep(agent_id, below) AS MATERIALIZED (
            SELECT a.value, coalesce((SELECT u.id FROM health_transitions u WHERE u.agent_id = a.value
              ORDER BY u.id DESC LIMIT 1 OFFSET ${HEALTH_KEPT_PER_OPEN_AGENT - 1}), 0)
            FROM json_each(?) a)
          DELETE FROM health_transitions WHERE id IN (
            SELECT t.id FROM (SELECT id, agent_id, since FROM health_transitions ORDER BY id${limitClause(window)}) t
              LEFT JOIN keep k ON k.agent_id = t.agent_id
            WHERE (t.id <= ? OR t.since < ?) AND (k.agent_id IS NULL OR t.id < k.below)
            ORDER BY t.id${limitClause(batchRows)})`,
        )
        .run(JSON.stringify(openAgentIds), capThrough, cutoff).changes,
  );
}
