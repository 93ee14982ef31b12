import { HUMAN_INBOX, type RetentionLimits } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { ageCutoffMs, type RetentionTarget } from './retention-target';
import { tableRetention } from './table-retention';

/** Copies not yet acknowledged, expired or denied: a message with one of these is never pruned. */
const OPEN_STATES = `('held', 'queued', 'delivered')`;

/**
 * Messages every recipient has acknowledged (or that expired or were denied), by age and by a cap on the
 * `messages` table, oldest first; with their deliveries, and their `message_fts` row (the delete trigger).
 * The index's secure-delete is off for the batch's own deletes (and on again before it commits): it is there
 * so a redaction's rewrite leaves no word behind, and a pruned message's text stays in freed pages of
 * `messages` and the index's content table anyway. With it a delete took 2.5–11 ms at 100,000 indexed
 * messages (load ~20), without 0.4–0.8 ms.
 */
export function messageRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'messages',
    table: 'messages',
    created: 'created_ms',
    createdAt: (ms) => ms,
    finished: `NOT EXISTS (SELECT 1 FROM message_deliveries d WHERE d.message_id = t.id AND d.state IN ${OPEN_STATES})`,
    batch: {
      before: () =>
        store.prepare(`INSERT INTO message_fts(message_fts, rank) VALUES ('secure-delete', 0)`).run(),
      after: () =>
        store.prepare(`INSERT INTO message_fts(message_fts, rank) VALUES ('secure-delete', 1)`).run(),
    },
    deleteRow: (rowid) => {
      store
        .prepare(
          'DELETE FROM message_deliveries WHERE message_id = (SELECT id FROM messages WHERE rowid = ?)',
        )
        .run(rowid);
      store.prepare('DELETE FROM messages WHERE rowid = ?').run(rowid);
    },
  });
}

/**
 * The human's unacknowledged copies beyond the newest `maxRows` (and older than `maxAgeDays`, if set). The
 * human is exempt from the inbox quota and the UI acknowledges nothing, so without this its inbox only grows.
 * Held copies (a handoff waiting for a decision) stay. A dropped copy is deleted; its message goes with the
 * messages kind once nothing else holds it open. The sweeper counts what was dropped (`droppedTotal`).
 * How many are beyond the cap is counted inside each batch's transaction (the inbox's running total in
 * message_inbox_usage, less its held copies): messages marked read between two batches of a sweep lower
 * it, so the batch after them drops only what is still beyond the cap (a count taken once per sweep
 * dropped as many older unread ones as were marked read meanwhile).
 */
export function humanInboxRetention(store: Store): RetentionTarget {
  // One state at a time: each walks deliveries_inbox (recipient, state, cursor) in order, with no sort.
  const states = ['queued', 'delivered'] as const;
  const inState = `recipient_id = '${HUMAN_INBOX}' AND state = ?`;
  /** Unacknowledged copies beyond the newest `maxRows`, now. */
  const beyondCap = (maxRows: number): number => {
    const { open, held } = store
      .prepare<[], { open: number | null; held: number }>(
        `SELECT (SELECT open FROM message_inbox_usage WHERE recipient_id = '${HUMAN_INBOX}') AS open,
          (SELECT count(*) FROM message_deliveries WHERE recipient_id = '${HUMAN_INBOX}' AND state = 'held') AS held`,
      )
      .get()!;
    return Math.max(0, (open ?? 0) - held - maxRows);
  };
  /**
   * The cursor of the `n`th oldest unacknowledged copy (n ≥ 1): the copies up to it are the `n` oldest. The
   * limits are bound (recompiled each batch, ~20 µs) rather than written in: every batch has its own `n`,
   * and hundreds of texts would crowd the statement cache.
   */
  const nthOldest = (n: number): number => {
    const oldest = (state: string) =>
      `SELECT cursor FROM message_deliveries WHERE recipient_id = '${HUMAN_INBOX}' AND state = '${state}' ORDER BY cursor LIMIT @n`;
    return store
      .prepare<{ n: number; skip: number }, { cursor: number }>(
        `SELECT cursor FROM (${oldest('queued')}) UNION ALL SELECT cursor FROM (${oldest('delivered')})
          ORDER BY cursor LIMIT 1 OFFSET @skip`,
      )
      .get({ n, skip: n - 1 })!.cursor;
  };
  return {
    kind: 'humanInbox',
    prune(limits: RetentionLimits, nowMs: number, batchRows: number): number {
      const age = ageCutoffMs(limits, nowMs) ?? Number.MIN_SAFE_INTEGER;
      return store.transaction(() => {
        const excess = limits.maxRows === null ? 0 : Math.min(batchRows, beyondCap(limits.maxRows));
        if (limits.maxAgeDays === null && excess === 0) return 0;
        const cursor = excess === 0 ? 0 : nthOldest(excess);
        let deleted = 0;
        for (const state of states)
          deleted += store
            .prepare<[string, number, number], never>(
              `DELETE FROM message_deliveries WHERE cursor IN (SELECT cursor FROM message_deliveries
                WHERE ${inState} AND (cursor <= ? OR created_ms < ?) ORDER BY cursor${limitClause(batchRows - deleted)})`,
            )
            .run(state, cursor, age).changes;
        return deleted;
      });
    },
    rows: () =>
      store
        .prepare<[], { n: number }>(
          `SELECT count(*) AS n FROM message_deliveries WHERE recipient_id = '${HUMAN_INBOX}' AND state IN ('queued', 'delivered')`,
        )
        .get()!.n,
  };
}
