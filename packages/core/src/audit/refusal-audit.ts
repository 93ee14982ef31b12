import type { Caller, SwitchboardError } from '@switchboard/protocol';
import type { Clock } from '../ports/clock';
import { isoTime } from '../ports/clock';
import type { AuditLog, AuditRecord } from './audit-log';

/** How long a burst of refusals of one kind (same caller, action and command) lasts from its first refusal. */
export const REFUSAL_BURST_MS = 60_000;

interface Burst {
  record: AuditRecord;
  repeated: number;
  firstAt: string;
  lastAt: string;
  cancelTimer: () => void;
}

/**
 * Refused calls in the audit log, without letting a caller grow the log at its call rate. The first
 * refusal of a burst is written at once (`details.count: 1`); the ones after it, up to `REFUSAL_BURST_MS`
 * later, are only counted, and written as ONE more row when the burst ends (`details.count`, `firstAt`,
 * `lastAt`, `repeated: true`). So any number of refused calls costs at most two rows per caller, action
 * and command per minute. Bursts still open when the host stops are written by `flush`.
 */
export class RefusalAudit {
  private readonly bursts = new Map<string, Burst>();

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly burstMs = REFUSAL_BURST_MS,
  ) {}

  /**
   * A `rate_limited` answer at one of an agent's quotas (details `quota`: holdings, memory, inbox) as a refusal, one
   * row per burst like every refusal: the person sees that an agent pushed against a bound, not only the agent. The
   * role's rate limit records its own (`authorization.rate_limited`). The dispatcher's `onRateLimited`.
   */
  readonly quotaRefused = (caller: Caller, name: string, error: SwitchboardError): void => {
    const details = error.details as { quota?: unknown } | undefined;
    if (caller.kind !== 'agent' || typeof details?.quota !== 'string') return;
    this.record({ actor: caller, action: 'quota.refused', target: name, outcome: 'denied', details });
  };

  record(record: AuditRecord): void {
    const key = JSON.stringify([record.actor.kind, record.actor.id, record.action, record.target ?? null]);
    const now = isoTime(this.clock);
    const burst = this.bursts.get(key);
    if (burst) {
      burst.repeated += 1;
      burst.lastAt = now;
      return;
    }
    this.audit.append({
      ...record,
      outcome: record.outcome ?? 'denied',
      details: { ...detailsOf(record), count: 1 },
    });
    const cancelTimer = this.clock.setTimeout(() => this.end(key), this.burstMs);
    this.bursts.set(key, { record, repeated: 0, firstAt: now, lastAt: now, cancelTimer });
  }

  /** Writes the count of every open burst now (the host is stopping). */
  flush(): void {
    for (const key of [...this.bursts.keys()]) this.end(key);
  }

  private end(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.bursts.delete(key);
    burst.cancelTimer();
    if (burst.repeated === 0) return;
    const { record } = burst;
    this.audit.append({
      ...record,
      outcome: record.outcome ?? 'denied',
      details: {
        ...detailsOf(record),
        count: burst.repeated,
        repeated: true,
        firstAt: burst.firstAt,
        lastAt: burst.lastAt,
      },
    });
  }
}

function detailsOf(record: AuditRecord): Record<string, unknown> {
  return record.details && typeof record.details === 'object' && !Array.isArray(record.details)
    ? (record.details as Record<string, unknown>)
    : { details: record.details ?? null };
}
