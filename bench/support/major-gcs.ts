import { constants, PerformanceObserver } from 'node:perf_hooks';

/**
 * V8's full (mark-compact) collections in this process from now on. Its concurrent marking runs on V8's helper
 * threads: a major GC of a closed host's garbage can land in the next host's window as CPU off the main thread.
 */
export function watchMajorGcs() {
  const ended: { at: number; pauseMs: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // A 'gc' entry's detail names its kind (Node's PerformanceEntry type leaves `detail` out).
      const { kind } = ((entry as { detail?: unknown }).detail ?? {}) as { kind?: number };
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        ended.push({ at: entry.startTime + entry.duration, pauseMs: entry.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    /** The major GCs that ended between two `performance.now()` times: how many, and their main-thread pauses. */
    between(from: number, to: number): { count: number; pauseMs: number } {
      const within = ended.filter((gc) => gc.at >= from && gc.at <= to);
      return { count: within.length, pauseMs: within.reduce((sum, gc) => sum + gc.pauseMs, 0) };
    },
  };
}
