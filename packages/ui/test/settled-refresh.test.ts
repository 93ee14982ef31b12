import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settledRefresh } from '../src/store/settled-refresh';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('settledRefresh', () => {
  it('runs once after a burst settles', () => {
    let runs = 0;
    const refresh = settledRefresh(() => runs++, { quietMs: 200, maxWaitMs: 1000 });
    for (let i = 0; i < 5; i++) {
      refresh.trigger();
      vi.advanceTimersByTime(50);
    }
    expect(runs).toBe(0);
    vi.advanceTimersByTime(200);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(runs).toBe(1);
  });

  it('under a steady stream (a trigger every 100 ms for 5 s) still runs at least once a second', () => {
    let runs = 0;
    const refresh = settledRefresh(() => runs++, { quietMs: 200, maxWaitMs: 1000 });
    for (let i = 0; i < 50; i++) {
      refresh.trigger();
      vi.advanceTimersByTime(100);
    }
    // A plain trailing debounce ran 0 times here.
    expect(runs).toBeGreaterThanOrEqual(4);
    refresh.cancel();
    vi.advanceTimersByTime(5000);
    const after = runs;
    vi.advanceTimersByTime(5000);
    expect(runs).toBe(after);
  });
});
