import type { AuditLog } from '../audit/audit-log';
import type { Store } from '../store/store';
import { auditRetention, healthRetention, recoveryRetention } from './log-retention';
import { humanInboxRetention, messageRetention } from './message-retention';
import {
  approvalRetention,
  attentionRetention,
  barrierRetention,
  leaseRetention,
  notificationRetention,
  voteRetention,
} from './oversight-retention';
import type { RetentionTarget } from './retention-target';

/** What the logs' targets need beyond the store. */
export interface LogTargetDeps {
  audit: AuditLog;
  /** Agents not closed: their newest health transitions stay whatever their age. */
  openAgentIds: () => readonly string[];
}

/**
 * Every kind the sweeper prunes, in the order it runs them: a plain list, one entry per kind (a domain that
 * leaves rows behind appends its target here and its kind to the contract's `RetentionKind`). The human's
 * inbox goes before messages, so a message whose last open copy was dropped can go in the same sweep. The
 * audit goes last: its own prunes are audit entries.
 */
export function retentionTargets(store: Store, logs: LogTargetDeps): readonly RetentionTarget[] {
  return [
    humanInboxRetention(store),
    messageRetention(store),
    notificationRetention(store),
    attentionRetention(store),
    approvalRetention(store),
    voteRetention(store),
    barrierRetention(store),
    leaseRetention(store),
    healthRetention(store, logs.openAgentIds),
    recoveryRetention(store),
    auditRetention(store, logs.audit),
  ];
}
