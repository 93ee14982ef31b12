/** Time, as a port: real in production, a fake in tests (no sleeps in health or timeout logic). */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

let lastMs = Number.NaN;
let lastIso = '';

/**
 * The clock's time as an ISO string. The last one is kept: every call through the dispatcher stamps an
 * audit entry and events with it, most of them within the same millisecond (16 sends in flight: ~1 % of
 * the host's busy time went to `toISOString`, issue 21).
 */
export function isoTime(clock: Clock): string {
  const ms = clock.now();
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
