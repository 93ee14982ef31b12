import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { ageCutoffMs, type LogLimits } from '../store/log-limits';

/**
 * Deletes up to `batchRows` of the oldest recovery log entries that are older than `maxAgeDays` or beyond
 * the newest `maxRows` ids. The log is only read (`recovery.log`, recordings): the ladder's attempts and
 * breakers live in `recovery_agents` and in memory, so no entry is needed to decide anything. Only the
 * oldest `batchRows` are looked at: ids and times grow together, so past the first young one all are.
 */
export function pruneRecoveryLog(store: Store, limits: LogLimits, nowMs: number, batchRows: number): number {
  const cutoffMs = ageCutoffMs(limits, nowMs) ?? -Infinity;
  const newest =
    store.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM recovery_log').get()?.id ?? 0;
  const capThrough = limits.maxRows === null ? 0 : newest - limits.maxRows;
  if (cutoffMs === -Infinity && capThrough <= 0) return 0;
  return store.transaction(
    () =>
      store
        .prepare<[number, number], never>(
          `DELETE FROM recovery_log WHERE id IN (
            SELECT id FROM (SELECT id, at_ms FROM recovery_log ORDER BY id${limitClause(batchRows)})
            WHERE id <= ? OR at_ms < ?)`,
        )
        .run(capThrough, cutoffMs).changes,
  );
}
