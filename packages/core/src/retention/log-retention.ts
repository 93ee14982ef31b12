import { AUDIT_MIN_DAYS, AUDIT_MIN_ROWS, type RetentionLimits } from '@switchboard/protocol';
import type { AuditLog } from '../audit/audit-log';
import { pruneAuditLog } from '../audit/audit-retention';
import { pruneHealthTransitions } from '../health/health-retention';
import { pruneRecoveryLog } from '../recovery/recovery-retention';
import type { Store } from '../store/store';
import type { RetentionTarget } from './retention-target';

const countOf = (store: Store, table: string) => () =>
  store.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;

/**
 * Entries the audit prunes at least per batch, whatever size the sweeper asks for: every batch appends an
 * `audit.pruned` entry (it names the new anchor), so the sweeper's first small batches would each leave one.
 * 500 entries (read, hash-checked, deleted) took a few ms on a quiet machine (docs/performance.md).
 */
export const AUDIT_MIN_BATCH_ROWS = 500;

/** Limits no lower than the audit's floor (the API and the host's environment refuse lower ones already). */
const audited = (limits: RetentionLimits): RetentionLimits => ({
  maxAgeDays: limits.maxAgeDays === null ? null : Math.max(limits.maxAgeDays, AUDIT_MIN_DAYS),
  maxRows: limits.maxRows === null ? null : Math.max(limits.maxRows, AUDIT_MIN_ROWS),
});

/** The oldest audit entries, the chain re-anchored on what is kept (audit/audit-retention.ts). */
export function auditRetention(store: Store, audit: AuditLog): RetentionTarget {
  return {
    kind: 'audit',
    prune: (limits, nowMs, batchRows) =>
      pruneAuditLog(store, audit, audited(limits), nowMs, Math.max(batchRows, AUDIT_MIN_BATCH_ROWS)),
    rows: countOf(store, 'audit_log'),
  };
}

/** Health transitions; an open agent's newest 100 stay (health/health-retention.ts). */
export function healthRetention(store: Store, openAgentIds: () => readonly string[]): RetentionTarget {
  return {
    kind: 'healthTransitions',
    prune: (limits, nowMs, batchRows) =>
      pruneHealthTransitions(store, openAgentIds(), limits, nowMs, batchRows),
    rows: countOf(store, 'health_transitions'),
  };
}

/** The recovery log (recovery/recovery-retention.ts). */
export function recoveryRetention(store: Store): RetentionTarget {
  return {
    kind: 'recoveryLog',
    prune: (limits, nowMs, batchRows) => pruneRecoveryLog(store, limits, nowMs, batchRows),
    rows: countOf(store, 'recovery_log'),
  };
}
