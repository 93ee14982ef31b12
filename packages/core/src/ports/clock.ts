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

export function isoTime(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
