/**
 * Runs `work` once a burst of triggers has settled (`quietMs` after the last one), but never later than
 * `maxWaitMs` after the first trigger of the burst: under a steady stream of events (a busy fleet's messages)
 * a plain trailing debounce would never run, and what it shows would stay as it was.
 */
export function settledRefresh(
  work: () => void,
  { quietMs, maxWaitMs }: { quietMs: number; maxWaitMs: number },
): { trigger(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burstStart = 0;
  const run = () => {
    timer = undefined;
    work();
  };
  return {
    trigger() {
      const now = Date.now();
      if (timer === undefined) burstStart = now;
      else clearTimeout(timer);
      timer = setTimeout(run, Math.max(0, Math.min(quietMs, burstStart + maxWaitMs - now)));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
