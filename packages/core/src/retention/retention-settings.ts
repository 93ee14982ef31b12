import {
  ConfigureRetentionInput,
  RetentionCounts,
  RetentionKind,
  RetentionSweep,
  type ParsedInput,
  type RetentionLimits,
} from '@switchboard/protocol';
import type { Store } from '../store/store';

export type RetentionLimitsByKind = Record<RetentionKind, RetentionLimits>;

/** What the host starts with before the human configures anything (env overrides, then these). */
export interface RetentionOptions {
  limits: Partial<Record<RetentionKind, Partial<RetentionLimits>>>;
  intervalMinutes: number;
}

/**
 * Built-in limits: 30 days, and a cap per table at which its queries stay fast (docs/retention.md has the
 * measurements). The human's inbox keeps its newest 10,000 unacknowledged messages, whatever their age.
 */
export const DEFAULT_RETENTION_LIMITS: RetentionLimitsByKind = {
  messages: { maxAgeDays: 30, maxRows: 50_000 },
  humanInbox: { maxAgeDays: null, maxRows: 10_000 },
  notifications: { maxAgeDays: 30, maxRows: 10_000 },
  attention: { maxAgeDays: 30, maxRows: 10_000 },
  approvals: { maxAgeDays: 90, maxRows: 10_000 },
  votes: { maxAgeDays: 30, maxRows: 10_000 },
  barriers: { maxAgeDays: 30, maxRows: 10_000 },
  leases: { maxAgeDays: 30, maxRows: 50_000 },
  healthTransitions: { maxAgeDays: 30, maxRows: 200_000 },
  recoveryLog: { maxAgeDays: 90, maxRows: 100_000 },
  audit: { maxAgeDays: 90, maxRows: 500_000 },
};

export const DEFAULT_RETENTION_INTERVAL_MINUTES = 10;

type Configured = ParsedInput<'retention.configure'>;

/** A schema's parse, as the contract's zod schemas give it (core takes no zod dependency of its own). */
interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** The limits in force: built-in defaults, under the host's options, under what the human configured (SQLite). */
export class RetentionSettings {
  constructor(
    private readonly store: Store,
    private readonly options: Partial<RetentionOptions> = {},
  ) {}

  limits(): RetentionLimitsByKind {
    const stored = this.configured().limits ?? {};
    const merged = {} as RetentionLimitsByKind;
    for (const kind of RetentionKind.options)
      merged[kind] = { ...DEFAULT_RETENTION_LIMITS[kind], ...this.options.limits?.[kind], ...stored[kind] };
    return merged;
  }

  intervalMinutes(): number {
    return (
      this.configured().intervalMinutes ?? this.options.intervalMinutes ?? DEFAULT_RETENTION_INTERVAL_MINUTES
    );
  }

  /** Applies a validated change in one transaction: only the fields given change. */
  configure(input: Configured): void {
    this.store.transaction(() => {
      const configured = this.configured();
      const limits = { ...configured.limits };
      for (const kind of RetentionKind.options) {
        const change = input.limits?.[kind];
        if (change) limits[kind] = { ...limits[kind], ...change };
      }
      this.write('configured', {
        limits,
        intervalMinutes: input.intervalMinutes ?? configured.intervalMinutes,
      });
    });
  }

  private configured(): Configured {
    return this.stored('configured', ConfigureRetentionInput) ?? {};
  }

  lastSweep(): RetentionSweep | null {
    return this.stored('lastSweep', RetentionSweep) ?? null;
  }

  droppedTotal(): RetentionCounts {
    return this.stored('droppedTotal', RetentionCounts) ?? {};
  }

  /** Records a finished sweep and adds what it dropped to the totals. */
  recordSweep(sweep: RetentionSweep): void {
    this.store.transaction(() => {
      const totals = this.droppedTotal();
      for (const [kind, n] of Object.entries(sweep.dropped) as [RetentionKind, number][])
        totals[kind] = (totals[kind] ?? 0) + n;
      this.write('droppedTotal', totals);
      this.write('lastSweep', sweep);
    });
  }

  private stored<T>(key: string, schema: Parser<T>): T | undefined {
    const row = this.store
      .prepare<[string], { value: string }>('SELECT value FROM retention_settings WHERE key = ?')
      .get(key);
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  }

  private write(key: string, value: unknown): void {
    this.store
      .prepare(
        'INSERT INTO retention_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }
}
