import { loadavg } from 'node:os';
import { report, summarize } from '../stats';

/**
 * Reports a drip bench (a reader fed one-byte chunks with little and with much already pending): each leg's median
 * µs per chunk over its rounds, and the ratio of the large leg's to the small one's under `ratioKey`.
 */
export async function reportDrip(
  bench: string,
  perChunkUs: Record<string, number[]>,
  [small, large]: [string, string],
  ratioKey: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const p50 = (leg: string) => summarize(perChunkUs[leg]!).p50;
  const rows = Object.fromEntries(
    [small, large].map((leg) => [
      leg,
      { 'µs per 1-byte chunk p50': p50(leg), rounds: perChunkUs[leg]!.length },
    ]),
  );
  await report(bench, rows, { ...extra, [ratioKey]: p50(large) / p50(small), loadAverage1m: loadavg()[0] });
}
