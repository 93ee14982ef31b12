import { performance } from 'node:perf_hooks';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`bench: ${what} not reached in ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Logs where a bench's time goes (stderr, seconds since this call): `[name] 12.3 s: what`. */
export function phaseLog(name: string): (what: string) => void {
  const began = performance.now();
  return (what) => console.error(`[${name}] ${((performance.now() - began) / 1000).toFixed(1)} s: ${what}`);
}
