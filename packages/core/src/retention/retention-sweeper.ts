import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { RetentionCounts, RetentionSweep } from '@switchboard/protocol';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { logAt, type Logger } from '../ports/logger';
import type { RetentionSettings } from './retention-settings';
import type { RetentionTarget } from './retention-target';

/** Rows per transaction: short enough that the host's loop never stalls long (docs/retention.md). */
export const RETENTION_BATCH_ROWS = 500;

export interface RetentionSweeperDeps {
  targets: readonly RetentionTarget[];
  settings: RetentionSettings;
  bus: EventBus;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  batchRows?: number;
}

/**
 * Runs every target to its limits: at start, then every `intervalMinutes`, and on request. Each batch is
 * one short transaction and the event loop gets a turn between batches. A finished sweep is recorded
 * (settings), announced (`retention.swept`) and, when it dropped rows, audited: counts per kind only.
 * Sweeps never overlap: one asked for while another runs starts after it.
 */
export class RetentionSweeper {
  private queue: Promise<unknown> = Promise.resolve();
  private cancelTimer: (() => void) | undefined;
  private started = false;
  private stopped = false;

  constructor(private readonly deps: RetentionSweeperDeps) {}

  /** The first sweep now, then one every interval. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.timedSweep();
  }

  /** The interval changed: the next timed sweep is one (new) interval from now. */
  reschedule(): void {
    if (!this.started || this.stopped) return;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  sweep(): Promise<RetentionSweep> {
    const run = this.queue.then(() => this.runOnce());
    // The caller of this sweep gets its failure (the timer logs it); the next sweep runs either way.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async timedSweep(): Promise<void> {
    try {
      await this.sweep();
    } catch (err) {
      logAt.error(this.deps.logger, 'a retention sweep failed', { component: 'retention', err });
    }
    this.schedule();
  }

  private schedule(): void {
    this.cancelTimer?.();
    if (this.stopped) return;
    const ms = this.deps.settings.intervalMinutes() * 60_000;
    this.cancelTimer = this.deps.clock.setTimeout(() => void this.timedSweep(), ms);
  }

  private async runOnce(): Promise<RetentionSweep> {
    const { targets, settings, clock } = this.deps;
    const batchRows = this.deps.batchRows ?? RETENTION_BATCH_ROWS;
    const nowMs = clock.now();
    const limits = settings.limits();
    const dropped: RetentionCounts = {};
    let batches = 0;
    let longestBatchMs = 0;
    const started = performance.now();
    for (const target of targets) {
      for (let more = true; more && !this.stopped;) {
        await nextTurn();
        if (this.stopped) break;
        const batchStart = performance.now();
        const deleted = target.prune(limits[target.kind], nowMs, batchRows);
        longestBatchMs = Math.max(longestBatchMs, performance.now() - batchStart);
        batches += 1;
        if (deleted > 0) dropped[target.kind] = (dropped[target.kind] ?? 0) + deleted;
        more = deleted >= batchRows;
      }
    }
    const sweep: RetentionSweep = {
      at: isoTime(clock),
      dropped,
      batches,
      durationMs: round(performance.now() - started),
      longestBatchMs: round(longestBatchMs),
    };
    if (!this.stopped) this.publish(sweep);
    return sweep;
  }

  private publish(sweep: RetentionSweep): void {
    this.deps.settings.recordSweep(sweep);
    this.deps.bus.emit({ type: 'retention.swept', sweep });
    if (Object.keys(sweep.dropped).length > 0)
      this.deps.audit.append({
        actor: SYSTEM_ACTOR,
        action: 'retention.swept',
        details: { dropped: sweep.dropped, batches: sweep.batches, durationMs: sweep.durationMs },
      });
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
