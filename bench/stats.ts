export const STRESS = process.env['STRESS'] === '1';
/**
 * `npm test` runs every bench once with BENCH_SMOKE=1: tiny sizes, no timing judged, results written
 * under test-results/ (not bench/results/), so a bench that no longer runs fails the suite.
 */
export const SMOKE = process.env['BENCH_SMOKE'] === '1';

/** A bench's size: the environment variable `env` when set, else the smoke, stress or normal value. */
export function size(env: string, normal: number, options: { stress?: number; smoke: number }): number {
  const given = process.env[env];
  if (given !== undefined && given !== '') return Number(given);
  return SMOKE ? options.smoke : STRESS ? (options.stress ?? normal) : normal;
}

/** Percentile of a sorted sample (nearest-rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

/** Times `work` `n` times after `warmup` runs; returns milliseconds per run. */
export async function measure(n: number, warmup: number, work: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Prints a table and the JSON, and writes bench/results/<name>.json. */
export async function report(
  name: string,
  rows: Record<string, Record<string, number | string>>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { resolve: resolvePath } = await import('node:path');
  const clean = Object.fromEntries(
    Object.entries(rows).map(([k, v]) => [
      k,
      Object.fromEntries(Object.entries(v).map(([a, b]) => [a, typeof b === 'number' ? round(b) : b])),
    ]),
  );
  const result = {
    bench: name,
    at: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    // The 1/5/15-minute load average as the run ends: on a shared 2-core box it says how to read a p99.
    loadAverageAtEnd: (await import('node:os')).loadavg().map(round),
    rows: clean,
    ...extra,
  };
  console.table(clean);
  console.log(JSON.stringify(result));
  const folder = process.env['BENCH_RESULTS_DIR']
    ? new URL(`file://${resolvePath(process.env['BENCH_RESULTS_DIR'])}/`)
    : new URL('./results/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  writeFileSync(new URL(`${name}.json`, folder), JSON.stringify(result, null, 2) + '\n');
}

/**
 * Runs a bench's independent legs: one after another in a measured run (each leg's numbers are its own, with the
 * machine to itself), side by side in the smoke run, where nothing is timed and only "every leg still runs" is
 * checked — so the smoke run costs its longest leg's wait, not the sum of them. Results keep the legs' order.
 */
export async function legs<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  if (SMOKE) return Promise.all(tasks.map((task) => task()));
  const results: T[] = [];
  for (const task of tasks) results.push(await task());
  return results;
}
