import { z } from 'zod';

/**
 * What the retention sweeper prunes, one kind per table family. A plain list: a domain that leaves rows
 * behind adds its kind here and a target in core's retention registry.
 */
export const RetentionKind = z.enum([
  'messages',
  'humanInbox',
  'notifications',
  'attention',
  'approvals',
  'votes',
  'barriers',
  'leases',
  'healthTransitions',
  'recoveryLog',
  'audit',
]);
export type RetentionKind = z.infer<typeof RetentionKind>;

/** At most 100 years; at most 100 million rows: beyond either a limit means nothing. */
export const MAX_RETENTION_DAYS = 36_500;
export const MAX_RETENTION_ROWS = 100_000_000;

/**
 * One kind's limits. `maxAgeDays`: finished rows older than this go (0: every finished row); `maxRows`:
 * the newest this many are kept, older finished ones go. `null`: no limit of that sort. Nothing still
 * pending, waiting, open or unacknowledged by an agent is ever deleted.
 */
export const RetentionLimits = z.strictObject({
  maxAgeDays: z.number().int().min(0).max(MAX_RETENTION_DAYS).nullable(),
  maxRows: z.number().int().min(0).max(MAX_RETENTION_ROWS).nullable(),
});
export type RetentionLimits = z.infer<typeof RetentionLimits>;

/**
 * The audit keeps at least its last day and its newest 1,000 entries, whatever the limits: it is the record of
 * who changed what, and a `retention.configure` that pruned everything would prune its own entry with it.
 */
export const AUDIT_MIN_DAYS = 1;
export const AUDIT_MIN_ROWS = 1000;

/** Why limits for the audit go below its floor (undefined: they do not). */
export function auditLimitsProblem(limits: Partial<RetentionLimits> | undefined): string | undefined {
  if (limits?.maxAgeDays != null && limits.maxAgeDays < AUDIT_MIN_DAYS)
    return `the audit keeps at least its last ${AUDIT_MIN_DAYS} day: maxAgeDays ${AUDIT_MIN_DAYS} or more, or null`;
  if (limits?.maxRows != null && limits.maxRows < AUDIT_MIN_ROWS)
    return `the audit keeps at least its newest ${AUDIT_MIN_ROWS} entries: maxRows ${AUDIT_MIN_ROWS} or more, or null`;
  return undefined;
}

/** Rows dropped per kind (kinds that dropped nothing may be absent). */
export const RetentionCounts = z.partialRecord(RetentionKind, z.number().int().nonnegative());
export type RetentionCounts = z.infer<typeof RetentionCounts>;

/** What one sweep did: rows dropped per kind, how long it took, its longest batch (one transaction). */
export const RetentionSweep = z.object({
  at: z.string(),
  dropped: RetentionCounts,
  batches: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  longestBatchMs: z.number().nonnegative(),
});
export type RetentionSweep = z.infer<typeof RetentionSweep>;

export const RetentionStatus = z.object({
  limits: z.record(RetentionKind, RetentionLimits),
  /** How often the sweeper runs (it also runs once when the host starts). */
  intervalMinutes: z.number().int().positive(),
  /** Rows stored now, per kind (for `humanInbox`: the human's unacknowledged messages). */
  rows: z.record(RetentionKind, z.number().int().nonnegative()),
  lastSweep: RetentionSweep.nullable(),
  /** Rows dropped per kind since the store was created ("N older messages were dropped" for `humanInbox`). */
  droppedTotal: RetentionCounts,
});
export type RetentionStatus = z.infer<typeof RetentionStatus>;
