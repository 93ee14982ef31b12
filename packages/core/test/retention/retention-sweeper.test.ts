// The sweeper: batches of at most `batchRows`, a turn of the event loop between batches, a sweep at start and
// one per interval, sweeps never overlapping. Real store and settings; a fake target counts what it is asked.
import { afterEach, describe, expect, it } from 'vitest';
import type { RetentionLimits, SwitchboardEvent } from '@switchboard/protocol';
import { AuditLog } from '../../src/audit/audit-log';
import { EventBus } from '../../src/events/event-bus';
import { createMemoryLogger, silentLogger, type Logger } from '../../src/ports/logger';
import { coreMigrations } from '../../src/core-migrations';
import { RetentionSettings } from '../../src/retention/retention-settings';
import { RetentionSweeper } from '../../src/retention/retention-sweeper';
import type { RetentionTarget } from '../../src/retention/retention-target';
import { openStore, type Store } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';

/** A target holding `left` rows that may all go, each costing `msPerRow` on the stopwatch; it records each batch. */
class FakeTarget implements RetentionTarget {
  readonly kind = 'messages' as const;
  readonly batches: number[] = [];
  readonly limitsSeen: RetentionLimits[] = [];
  constructor(
    public left: number,
    private readonly msPerRow = 0,
    private readonly stopwatch = { ms: 0 },
  ) {}
  prune(limits: RetentionLimits, _nowMs: number, batchRows: number): number {
    this.limitsSeen.push(limits);
    const n = Math.min(this.left, batchRows);
    this.left -= n;
    this.batches.push(n);
    this.stopwatch.ms += n * this.msPerRow;
    return n;
  }
  rows(): number {
    return this.left;
  }
}

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function setUp(
  target: RetentionTarget,
  batchRows = 3,
  stopwatch = { ms: 0 },
  logger: Logger = silentLogger,
  more: RetentionTarget[] = [],
) {
  const store = openStore(':memory:', coreMigrations);
  stores.push(store);
  const clock = new FakeClock();
  const bus = new EventBus(clock);
  const events: SwitchboardEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const settings = new RetentionSettings(store, { intervalMinutes: 5 });
  const audit = new AuditLog(store, clock);
  const sweeper = new RetentionSweeper({
    targets: [target, ...more],
    settings,
    bus,
    clock,
    audit,
    logger,
    batchRows,
    stopwatch: () => stopwatch.ms,
  });
  return { sweeper, clock, events, settings, audit };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('RetentionSweeper', () => {
  it('prunes in batches of at most batchRows, letting the event loop run between them', async () => {
    const target = new FakeTarget(7);
    const { sweeper, settings } = setUp(target);
    const between: number[] = [];
    // Each turn of the loop notes how many batches had run: several notes during one sweep mean it yielded.
    let ticking = true;
    const tick = () => {
      between.push(target.batches.length);
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const sweep = await sweeper.sweep();
    ticking = false;
    expect(target.batches).toEqual([3, 3, 1]);
    expect(sweep).toMatchObject({ dropped: { messages: 7 }, batches: 3 });
    expect(between.filter((n) => n > 0 && n < 3).length).toBeGreaterThan(0);
    expect(settings.lastSweep()).toEqual(sweep);
    expect(settings.droppedTotal()).toEqual({ messages: 7 });
  });

  it('sweeps at start and then once per interval; a stopped sweeper sweeps no more', async () => {
    const target = new FakeTarget(0);
    const { sweeper, clock, events } = setUp(target);
    sweeper.start();
    for (let i = 0; i < 5; i++) await turn();
    expect(target.batches).toHaveLength(1);
    clock.advance(5 * 60_000 - 1);
    for (let i = 0; i < 5; i++) await turn();
    expect(target.batches).toHaveLength(1);
    clock.advance(1);
    for (let i = 0; i < 5; i++) await turn();
    expect(target.batches).toHaveLength(2);
    // Sweeps that dropped nothing are recorded, not announced.
    expect(events.filter((e) => e.type === 'retention.swept')).toHaveLength(0);
    sweeper.stop();
    clock.advance(60 * 60_000);
    for (let i = 0; i < 5; i++) await turn();
    expect(target.batches).toHaveLength(2);
  });

  it('runs sweeps asked for together one after the other, and audits only a sweep that dropped rows', async () => {
    const target = new FakeTarget(4);
    const { sweeper, audit } = setUp(target, 2);
    const [first, second] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect(first.dropped).toEqual({ messages: 4 });
    expect(second.dropped).toEqual({});
    expect(target.batches).toEqual([2, 2, 0, 0]);
    expect(audit.list({ action: 'retention.swept', limit: 10 }).map((e) => e.details)).toEqual([
      { dropped: { messages: 4 }, batches: 3, durationMs: first.durationMs },
    ]);
  });

  it('fits each batch to about 20 ms: costly rows in smaller batches, cheap ones in larger, never over batchRows', async () => {
    const stopwatch = { ms: 0 };
    const costly = new FakeTarget(100, 1, stopwatch);
    await setUp(costly, 500, stopwatch).sweeper.sweep();
    expect(costly.batches).toEqual([8, 16, 16, 16, 16, 16, 12]);
    const cheap = new FakeTarget(2_000, 0.001, stopwatch);
    await setUp(cheap, 500, stopwatch).sweeper.sweep();
    expect(cheap.batches).toEqual([8, 16, 32, 64, 128, 256, 500, 500, 496]);
  });

  it('a kind whose batch fails is logged and skipped; the kinds after it are still pruned', async () => {
    const failing: RetentionTarget = {
      kind: 'approvals',
      prune: () => {
        throw new Error('database is locked');
      },
      rows: () => 0,
    };
    const after = new FakeTarget(2);
    const logger = createMemoryLogger();
    const sweep = await setUp(failing, 500, { ms: 0 }, logger, [after]).sweeper.sweep();
    expect(sweep.dropped).toEqual({ messages: 2 });
    expect(logger.records).toMatchObject([{ level: 'error', component: 'retention', kind: 'approvals' }]);
  });
});
