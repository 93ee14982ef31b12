// `npm run bench`: runs every bench/*.ts (or the names given) one after another; each prints a table
// and JSON and writes bench/results/<name>.json.
// `node scripts/bench.js --smoke`: what `npm test` runs — every bench once at a tiny size (BENCH_SMOKE=1),
// results under test-results/bench-smoke/, each bench a pass or a fail in test-results/bench-smoke.json,
// so a bench that no longer runs fails the suite. No timing is judged there.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../apps/headless/bin/compiled-entry.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
// `--report=<file>`: where the smoke outcomes go (npm test runs the benches one at a time from both lanes).
const report = args.find((a) => a.startsWith('--report='))?.slice('--report='.length);
const wanted = args.filter((a) => !a.startsWith('--'));
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && f !== 'stats.ts' && !f.endsWith('.d.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
const env = smoke
  ? { ...process.env, BENCH_SMOKE: '1', BENCH_RESULTS_DIR: 'test-results/bench-smoke' }
  : process.env;
const outcomes = [];
for (const file of benches) {
  process.stdout.write(`\n== ${file}${smoke ? ' (smoke)' : ''} ==\n`);
  const started = Date.now();
  // From a bundle compiled once from its sources (as the CLI runs: apps/headless/bin/compiled-entry.js, rebuilt
  // when a source changed): tsx's compile-on-load cost ~3 of a smoke run's ~6 CPU-seconds. tsx when none builds.
  const compiled = await compiledEntry(`bench-${file.replace(/\.ts$/, '')}`, resolve('bench', file), {
    cacheDir: resolve('.cache/bench'),
  });
  const command = compiled
    ? ['--enable-source-maps', fileURLToPath(compiled)]
    : ['node_modules/.bin/tsx', `bench/${file}`];
  const outcome = spawnSync(process.execPath, command, {
    stdio: 'inherit',
    env,
    ...(smoke ? { timeout: 300_000, killSignal: 'SIGKILL' } : {}),
  });
  outcomes.push({
    bench: file,
    ok: outcome.status === 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    ...(outcome.error ? { error: String(outcome.error) } : {}),
  });
  if (outcome.status !== 0)
    process.stdout.write(`✗ bench ${file} failed (exit ${outcome.status ?? outcome.signal})\n`);
}
if (smoke) {
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    report ?? 'test-results/bench-smoke.json',
    JSON.stringify(
      { passed: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length, outcomes },
      null,
      2,
    ) + '\n',
  );
}
process.exit(outcomes.some((o) => !o.ok) ? 1 : 0);
