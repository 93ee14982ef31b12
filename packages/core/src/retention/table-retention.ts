import type { RetentionKind, RetentionLimits } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { ageCutoffMs, offsetClause, type RetentionTarget } from './retention-target';

/** A table whose finished rows go by age and by a cap, oldest first. */
export interface TableRule {
  kind: RetentionKind;
  table: string;
  /** The column rows are aged by (indexed: the sweeper walks it in order). */
  created: string;
  /** That column's value at a moment (epoch ms as is; ISO text for `*_at` columns). */
  createdAt: (ms: number) => number | string;
  /** SQL over the row (alias `t`) true when it may go: decided, resolved, closed. Omitted: every row may. */
  finished?: string;
  /** Deletes one chosen row (by rowid) and what belongs to it only; default: the row itself. */
  deleteRow?: (rowid: number) => void;
  /** Runs inside each batch's transaction around its deletes (`after` before the commit). */
  batch?: { before(): void; after(): void };
}

/** `(created, rowid)` at or before which rows are due; undefined: nothing is. */
interface Bound {
  created: number | string;
  rowid: number;
}

const later = (a: Bound | undefined, b: Bound | undefined): Bound | undefined => {
  if (!a || !b) return a ?? b;
  if (a.created !== b.created) return a.created > b.created ? a : b;
  return a.rowid >= b.rowid ? a : b;
};

/**
 * A retention target over one table: a finished row goes when it is older than `maxAgeDays`, or when it is
 * not among the newest `maxRows` rows (counting unfinished ones, which stay). Rows are walked in the
 * `created` index's order; the cap's boundary row is looked up once per sweep (keyed on its `nowMs`).
 */
export function tableRetention(store: Store, rule: TableRule): RetentionTarget {
  const { table, created } = rule;
  const finished = rule.finished ?? '1';
  const deleteRow =
    rule.deleteRow ?? ((rowid: number) => store.prepare(`DELETE FROM ${table} WHERE rowid = ?`).run(rowid));
  const capMemo = { nowMs: Number.NaN, maxRows: -1, bound: undefined as Bound | undefined };
  const capBound = (maxRows: number, nowMs: number): Bound | undefined => {
    if (capMemo.nowMs !== nowMs || capMemo.maxRows !== maxRows) {
      const row = store
        .prepare<[], { created: number | string; rowid: number }>(
          `SELECT ${created} AS created, rowid FROM ${table} ORDER BY ${created} DESC, rowid DESC${limitClause(1)}${offsetClause(maxRows)}`,
        )
        .get();
      Object.assign(capMemo, { nowMs, maxRows, bound: row && { created: row.created, rowid: row.rowid } });
    }
    return capMemo.bound;
  };
  return {
    kind: rule.kind,
    prune(limits: RetentionLimits, nowMs: number, batchRows: number): number {
      const age = ageCutoffMs(limits, nowMs);
      // Older than the cutoff: (created, rowid) <= (cutoff, 0) holds exactly for created < cutoff.
      const bound = later(
        age === undefined ? undefined : { created: rule.createdAt(age), rowid: 0 },
        limits.maxRows === null ? undefined : capBound(limits.maxRows, nowMs),
      );
      if (!bound) return 0;
      return store.transaction(() => {
        const due = store
          .prepare<[number | string, number | string, number], { rowid: number }>(
            `SELECT t.rowid AS rowid FROM ${table} t WHERE t.${created} <= ? AND (t.${created} < ? OR t.rowid <= ?)
              AND (${finished}) ORDER BY t.${created}, t.rowid${limitClause(batchRows)}`,
          )
          .all(bound.created, bound.created, bound.rowid);
        if (due.length === 0) return 0;
        rule.batch?.before();
        for (const { rowid } of due) deleteRow(rowid);
        rule.batch?.after();
        return due.length;
      });
    },
    rows: () => store.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n,
  };
}
