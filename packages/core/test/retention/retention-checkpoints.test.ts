// A sweep takes the store's WAL checkpoints out of its batches: automatic ones paused for the sweep, one in a
// turn of its own every CHECKPOINT_EVERY_BATCHES batches that dropped rows and one at the end, automatic ones
// back afterwards whatever happened. Real store and settings; fake target and checkpoints record the order.
import { afterEach, describe, expect, it } from 'vitest';
import type { RetentionLimits } from '@switchboard/protocol';
import { AuditLog } from '../../src/audit/audit-log';
import { coreMigrations } from '../../src/core-migrations';
import { EventBus } from '../../src/events/event-bus';
import { silentLogger } from '../../src/ports/logger';
import { RetentionSettings } from '../../src/retention/retention-settings';
import {
  CHECKPOINT_EVERY_BATCHES,
  RetentionSweeper,
  type WalCheckpoints,
} from '../../src/retention/retention-sweeper';
import type { RetentionTarget } from '../../src/retention/retention-target';
import { openStore, type Store } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** A sweeper over one target of `rows` rows pruned one a batch; every batch, checkpoint and turn is logged. */
function logged(rows: number, onBatch: (n: number) => void = () => undefined) {
  const log: string[] = [];
  let left = rows;
  const target: RetentionTarget = {
    kind: 'messages',
    prune(_limits: RetentionLimits, _now: number, batchRows: number) {
      const n = Math.min(left, batchRows);
      left -= n;
      log.push(n > 0 ? 'batch' : 'empty batch');
      onBatch(log.filter((e) => e === 'batch').length);
      return n;
    },
    rows: () => left,
  };
  const checkpoints: WalCheckpoints = {
    pause: () => log.push('pause'),
    resume: () => log.push('resume'),
    run: () => log.push('checkpoint'),
  };
  const store = openStore(':memory:', coreMigrations);
  stores.push(store);
  const clock = new FakeClock();
  const sweeper = new RetentionSweeper({
    targets: [target],
    settings: new RetentionSettings(store, { intervalMinutes: 5 }),
    bus: new EventBus(clock),
    clock,
    audit: new AuditLog(store, clock),
    logger: silentLogger,
    batchRows: 1,
    checkpoints,
  });
  return { sweeper, log };
}

const batches = (n: number) => Array.from({ length: n }, () => 'batch');

describe('RetentionSweeper: WAL checkpoints', () => {
  it('pauses automatic checkpoints, checkpoints between batches every few and at the end, then resumes them', async () => {
    const every = CHECKPOINT_EVERY_BATCHES;
    const { sweeper, log } = logged(2 * every + 3);
    await sweeper.sweep();
    expect(log).toEqual([
      'pause',
      ...batches(every),
      'checkpoint',
      ...batches(every),
      'checkpoint',
      ...batches(3),
      'empty batch',
      'checkpoint',
      'resume',
    ]);
  });

  it('a sweep that drops nothing checkpoints nothing; a sweeper stopped mid-sweep still resumes them', async () => {
    const quiet = logged(0);
    await quiet.sweeper.sweep();
    expect(quiet.log).toEqual(['pause', 'empty batch', 'resume']);

    const stopped = logged(10, (n) => n === 4 && stopped.sweeper.stop());
    await stopped.sweeper.sweep();
    expect(stopped.log).toEqual(['pause', ...batches(4), 'resume']);
  });

  it('runs each checkpoint in a turn of its own: the event loop runs between a batch and the checkpoint', async () => {
    const { sweeper, log } = logged(CHECKPOINT_EVERY_BATCHES);
    let ticking = true;
    const tick = () => {
      log.push('turn');
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await sweeper.sweep();
    ticking = false;
    const at = log.indexOf('checkpoint');
    expect(log[at - 1]).toBe('turn');
    expect(log.lastIndexOf('batch', at)).toBeLessThan(at - 1);
  });
});
