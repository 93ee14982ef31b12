import { GENESIS_HASH, entryHash } from './audit-hash';
import { PRUNED_ACTION, readAnchor, writeAnchor } from './audit-anchor';
import { SYSTEM_ACTOR, type AuditLog, type AuditRow } from './audit-log';
import { fieldsOf } from './audit-verify';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { ageCutoffIso, type LogLimits } from '../store/log-limits';

/**
 * The oldest entries that may go, in chain order: those beyond the row cap or older than the age limit, up to
 * the first that is neither, and only while each links to the one before with its own hash intact. Retention
 * never deletes a broken part of the chain: tampering stays where `audit.verify` reports it.
 */
function prunablePrefix(
  batch: readonly AuditRow[],
  start: { sequence: number; hash: string },
  capThrough: number,
  cutoffIso: string | undefined,
): AuditRow[] {
  const prefix: AuditRow[] = [];
  let previous = start.hash;
  for (const row of batch) {
    const old = row.sequence <= capThrough || (cutoffIso !== undefined && row.at < cutoffIso);
    if (!old || row.previous_hash !== previous || entryHash(previous, fieldsOf(row)) !== row.hash) break;
    prefix.push(row);
    previous = row.hash;
  }
  return prefix;
}

/**
 * Deletes up to `batchRows` of the oldest audit entries beyond the limits, in one transaction that also moves
 * the anchor (the last deleted entry's sequence and hash, from which `audit.verify` starts) and appends an
 * `audit.pruned` entry naming it. The cap keeps `maxRows` entries besides that record. Returns the rows deleted.
 */
export function pruneAuditLog(
  store: Store,
  log: AuditLog,
  limits: LogLimits,
  nowMs: number,
  batchRows: number,
): number {
  return store.transaction(() => {
    const head = store
      .prepare<[], { sequence: number; action: string | null }>(
        `SELECT h.sequence, l.action FROM audit_head h LEFT JOIN audit_log l ON l.sequence = h.sequence WHERE h.id = 1`,
      )
      .get();
    if (!head) return 0;
    const anchor = readAnchor(store);
    const start = anchor ?? { sequence: 0, hash: GENESIS_HASH };
    // The last prune's own record is not counted: a sweep of an idle log then finds nothing to do.
    const counted = head.action === PRUNED_ACTION ? head.sequence - 1 : head.sequence;
    const capThrough = limits.maxRows === null ? 0 : counted - limits.maxRows;
    const cutoffIso = ageCutoffIso(limits, nowMs);
    const batch = store
      .prepare<[number], AuditRow>(
        `SELECT * FROM audit_log WHERE sequence > ? ORDER BY sequence${limitClause(batchRows)}`,
      )
      .all(start.sequence);
    const prefix = prunablePrefix(batch, start, capThrough, cutoffIso);
    const last = prefix.at(-1);
    if (!last) return 0;
    store
      .prepare('DELETE FROM audit_log WHERE sequence > ? AND sequence <= ?')
      .run(start.sequence, last.sequence);
    const prunedAt = new Date(nowMs).toISOString();
    writeAnchor(store, { sequence: last.sequence, hash: last.hash, prunedAt });
    log.append({
      actor: SYSTEM_ACTOR,
      action: PRUNED_ACTION,
      outcome: 'automatic',
      details: {
        throughSequence: last.sequence,
        anchorHash: last.hash,
        entries: prefix.length,
        ...limits,
      },
    });
    return prefix.length;
  });
}
