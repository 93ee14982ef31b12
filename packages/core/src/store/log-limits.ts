import type { RetentionLimits } from '@switchboard/protocol';

/**
 * How much of a log to keep: rows younger than `maxAgeDays`, and at most `maxRows` of them (null: no limit of
 * that sort): the contract's `RetentionLimits`, which the retention sweeper passes to targets.
 */
export type LogLimits = RetentionLimits;

const DAY_MS = 86_400_000;

/** The moment (epoch ms) before which rows are older than `maxAgeDays` (undefined: no age limit). */
export const ageCutoffMs = (limits: LogLimits, nowMs: number): number | undefined =>
  limits.maxAgeDays === null ? undefined : nowMs - limits.maxAgeDays * DAY_MS;

/** The same moment as ISO text, for logs that store times so. */
export const ageCutoffIso = (limits: LogLimits, nowMs: number): string | undefined => {
  const ms = ageCutoffMs(limits, nowMs);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};
