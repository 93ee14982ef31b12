import type { RetentionKind, RetentionLimits } from '@switchboard/protocol';

/**
 * One kind of rows the sweeper prunes. `prune` deletes at most `batchRows` rows in one short transaction
 * and returns how many it deleted (fewer than `batchRows`: nothing more is due now); it never deletes a
 * row still pending, waiting, open or unacknowledged by an agent. `nowMs` is the sweep's start, the same
 * for every batch of one sweep. `rows` counts what is stored now (for the Storage panel).
 */
export interface RetentionTarget {
  readonly kind: RetentionKind;
  prune(limits: RetentionLimits, nowMs: number, batchRows: number): number;
  rows(): number;
}

export const DAY_MS = 86_400_000;

/** The first moment a row is young enough to stay under `maxAgeDays` (undefined: no age limit). */
export function ageCutoffMs(limits: RetentionLimits, nowMs: number): number | undefined {
  return limits.maxAgeDays === null ? undefined : nowMs - limits.maxAgeDays * DAY_MS;
}

/** ` OFFSET <n>` written into the SQL (a bound one recompiles the statement each time: see sql-limit). */
export function offsetClause(offset: number): string {
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new RangeError(`An OFFSET must be a non-negative integer, not ${String(offset)}`);
  return ` OFFSET ${offset}`;
}
