import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { RetentionCounts, RetentionKind, RetentionLimits, RetentionSweep } from '@switchboard/protocol';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { logAt, type Logger } from '../ports/logger';
import type { RetentionSettings } from './retention-settings';
import type { RetentionTarget } from './retention-target';

/** Rows per transaction at most (docs/retention.md). */
export const RETENTION_BATCH_ROWS = 500;
/**
 * How long one batch may hold the event loop. Rows cost very different amounts: a message with its index
 * row took ~2 ms to delete at load 20 (500 rows: 1 s), an approval ~10 µs. Each kind's batch
 * starts small, doubles while a batch takes under half of this, and shrinks to fit when one takes longer.
 */
export const RETENTION_BATCH_MS = 20;
const FIRST_BATCH_ROWS = 8;
/** Batches between two WAL checkpoints of a sweep (each in a turn of its own). */
export const CHECKPOINT_EVERY_BATCHES = 16;

/**
 * The store's WAL checkpoints, which a sweep takes out of its batches: SQLite's automatic one runs inside the
 * commit that fills the WAL past 1,000 pages, and a sweep's batches fill it fast. Measured apart (60,000
 * indexed messages swept, load 10–11): the slowest batches took 96–189 ms of wall time for 5–12 ms of CPU, the
 * checkpoint's writes and syncs; with checkpoints in turns of their own the slowest took 37–53 ms.
 */
export interface WalCheckpoints {
  /** No automatic checkpoint until `resume`. */
  pause(): void;
  resume(): void;
  /** One checkpoint now (PASSIVE: it waits for no reader). */
  run(): void;
}

export interface RetentionSweeperDeps {
  targets: readonly RetentionTarget[];
  settings: RetentionSettings;
  bus: EventBus;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  batchRows?: number;
  /** Milliseconds for timing batches (default performance.now; tests give a stopwatch their fake targets move). */
  stopwatch?: () => number;
  /** Absent: checkpoints stay SQLite's own. */
  checkpoints?: WalCheckpoints;
}

/**
 * Runs every target to its limits: at start, then every `intervalMinutes`, and on request. Each batch is
 * one short transaction (at most 500 rows, sized to take about RETENTION_BATCH_MS) and the event loop gets
 * a turn between batches. A finished sweep is recorded (settings); one that dropped rows is also
 * announced (`retention.swept`) and audited: counts per kind only.
 * Sweeps never overlap: one asked for while another runs starts after it.
 */
export class RetentionSweeper {
  private queue: Promise<unknown> = Promise.resolve();
  private cancelTimer: (() => void) | undefined;
  private started = false;
  private stopped = false;
  /** Each kind's batch size as last fitted to RETENTION_BATCH_MS (kept between sweeps). */
  private readonly batchSizes = new Map<RetentionKind, number>();

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
    const maxRows = this.deps.batchRows ?? RETENTION_BATCH_ROWS;
    const stopwatch = this.deps.stopwatch ?? (() => performance.now());
    const nowMs = clock.now();
    const limits = settings.limits();
    const dropped: RetentionCounts = {};
    let batches = 0;
    let longestBatchMs = 0;
    const started = performance.now();
    const { checkpoints } = this.deps;
    let uncheckpointed = 0;
    /** A checkpoint in a turn of its own; it counts as a step of the sweep like a batch. */
    const checkpoint = async () => {
      await nextTurn();
      const at = stopwatch();
      checkpoints?.run();
      longestBatchMs = Math.max(longestBatchMs, stopwatch() - at);
      uncheckpointed = 0;
    };
    checkpoints?.pause();
    try {
      for (const target of targets) {
        for (let more = true; more && !this.stopped;) {
          await nextTurn();
          if (this.stopped) break;
          const rows = this.batchSizes.get(target.kind) ?? Math.min(FIRST_BATCH_ROWS, maxRows);
          const batchStart = stopwatch();
          const deleted = this.pruneOrLog(target, limits[target.kind], nowMs, rows);
          const ms = stopwatch() - batchStart;
          longestBatchMs = Math.max(longestBatchMs, ms);
          batches += 1;
          if (deleted > 0) {
            dropped[target.kind] = (dropped[target.kind] ?? 0) + deleted;
            uncheckpointed += 1;
          }
          more = deleted >= rows;
          if (more) this.batchSizes.set(target.kind, fitted(rows, ms, maxRows));
          if (checkpoints && uncheckpointed >= CHECKPOINT_EVERY_BATCHES) await checkpoint();
        }
      }
      if (checkpoints && uncheckpointed > 0 && !this.stopped) await checkpoint();
    } finally {
      this.resumeCheckpoints();
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

  /** SQLite's automatic checkpoints back; stopped, the store may be closed already (nothing to resume then). */
  private resumeCheckpoints(): void {
    try {
      this.deps.checkpoints?.resume();
    } catch (err) {
      if (!this.stopped)
        logAt.error(this.deps.logger, 'could not resume automatic WAL checkpoints', {
          component: 'retention',
          err,
        });
    }
  }

  /** One batch; a kind whose batch fails is logged and left until the next sweep, and the other kinds go on. */
  private pruneOrLog(target: RetentionTarget, limits: RetentionLimits, nowMs: number, rows: number): number {
    try {
      return target.prune(limits, nowMs, rows);
    } catch (err) {
      logAt.error(this.deps.logger, 'a retention batch failed; the kind is skipped until the next sweep', {
        component: 'retention',
        kind: target.kind,
        err,
      });
      return 0;
    }
  }

  /**
   * Every sweep is recorded; one that dropped rows is also announced and audited. A sweep that found nothing
   * to drop changes nothing anyone watches: no event (it would move the event sequence every ten minutes,
   * and "nothing changed" checks compare it), no audit entry.
   */
  private publish(sweep: RetentionSweep): void {
    this.deps.settings.recordSweep(sweep);
    if (Object.keys(sweep.dropped).length === 0) return;
    this.deps.bus.emit({ type: 'retention.swept', sweep });
    this.deps.audit.append({
      actor: SYSTEM_ACTOR,
      action: 'retention.swept',
      details: { dropped: sweep.dropped, batches: sweep.batches, durationMs: sweep.durationMs },
    });
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** The next batch size after a full batch of `rows` took `ms`: toward RETENTION_BATCH_MS, within 1..max. */
function fitted(rows: number, ms: number, max: number): number {
  if (ms > RETENTION_BATCH_MS) return Math.max(1, Math.floor((rows * RETENTION_BATCH_MS) / ms));
  if (ms < RETENTION_BATCH_MS / 2) return Math.min(max, rows * 2);
  return rows;
}
