import type { AuditLog } from '../audit/audit-log';
import { pruneAuditLog } from '../audit/audit-retention';
import { pruneHealthTransitions } from '../health/health-retention';
import { pruneRecoveryLog } from '../recovery/recovery-retention';
import type { Store } from '../store/store';
import type { RetentionTarget } from './retention-target';

const countOf = (store: Store, table: string) => () =>
  store.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;

/** The oldest audit entries, the chain re-anchored on what is kept (audit/audit-retention.ts). */
export function auditRetention(store: Store, audit: AuditLog): RetentionTarget {
  return {
    kind: 'audit',
    prune: (limits, nowMs, batchRows) => pruneAuditLog(store, audit, limits, nowMs, batchRows),
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
