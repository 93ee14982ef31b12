import {
  MAX_RETENTION_DAYS,
  auditLimitsProblem,
  MAX_RETENTION_ROWS,
  RetentionKind,
  type RetentionLimits,
} from '@switchboard/protocol';
import type { RetentionOptions } from '@switchboard/core';
import { envWholeNumber } from './env-values';

/** How often the sweeper runs (minutes, 1–10,080). */
export const RETENTION_INTERVAL_ENV = 'SWITCHBOARD_RETENTION_INTERVAL_MINUTES';

/** `SWITCHBOARD_RETENTION_<KIND>_DAYS` / `_ROWS`, the kind in capitals with underscores (humanInbox: HUMAN_INBOX). */
export function retentionEnvName(kind: RetentionKind, limit: 'DAYS' | 'ROWS'): string {
  return `SWITCHBOARD_RETENTION_${kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_${limit}`;
}

/** A whole number from 0 to `max`, `none` for no limit (null), undefined when unset; anything else is refused by name. */
const limitValue = (env: NodeJS.ProcessEnv, name: string, max: number) =>
  envWholeNumber(env, name, { min: 0, max, none: true });

/**
 * Retention limits the human set for this host in the environment (docs/retention.md); unset: core's defaults.
 * What the human later configures with `retention.configure` (stored in the database) wins over these.
 */
export function retentionFromEnv(env: NodeJS.ProcessEnv = process.env): {
  retention?: Partial<RetentionOptions>;
} {
  const limits: Partial<Record<RetentionKind, Partial<RetentionLimits>>> = {};
  for (const kind of RetentionKind.options) {
    const maxAgeDays = limitValue(env, retentionEnvName(kind, 'DAYS'), MAX_RETENTION_DAYS);
    const maxRows = limitValue(env, retentionEnvName(kind, 'ROWS'), MAX_RETENTION_ROWS);
    if (maxAgeDays !== undefined || maxRows !== undefined)
      limits[kind] = {
        ...(maxAgeDays === undefined ? {} : { maxAgeDays }),
        ...(maxRows === undefined ? {} : { maxRows }),
      };
  }
  const floor = auditLimitsProblem(limits.audit);
  if (floor)
    throw new Error(`${retentionEnvName('audit', 'DAYS')} / ${retentionEnvName('audit', 'ROWS')}: ${floor}`);
  const intervalMinutes = envWholeNumber(env, RETENTION_INTERVAL_ENV, { min: 1, max: 10_080 });
  if (Object.keys(limits).length === 0 && intervalMinutes == null) return {};
  return { retention: { limits, ...(intervalMinutes == null ? {} : { intervalMinutes }) } };
}
