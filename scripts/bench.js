// `npm run bench`: runs every bench/*.ts (or the names given) one after another; each prints a table
// and JSON and writes bench/results/<name>.json.
// `node scripts/bench.js --smoke`: what `npm test` runs — every bench once at a tiny size (BENCH_SMOKE=1),
// results under test-results/bench-smoke/, each bench a pass or a fail in test-results/bench-smoke.json,
// so a bench that no longer runs fails the suite. No timing is judged there.
// `node scripts/bench.js --build`: only brings the benches' bundles up to date, all in one esbuild run (npm test
// does this once before its lanes take benches one at a time).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileEntries, compiledEntry } from '../apps/headless/bin/compiled-entry.js';
import { reapedChildrenSeconds } from './machine-cpu.js';

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
const cacheDir = resolve('.cache/bench');
const bundleName = (file) => `bench-${file.replace(/\.ts$/, '')}`;
if (args.includes('--build') || benches.length > 1) {
  // One esbuild run for every bench (and the iTerm2-API server some start: bench/support/sim-process.ts): they
  // share the host, core and the SDK, which a build per bench compiled again each time, 2-4 CPU-s a bench.
  const sources = Object.fromEntries(benches.map((file) => [bundleName(file), resolve('bench', file)]));
  sources['sim-main'] = resolve('packages/iterm-bridge/src/sim/main.ts');
  try {
    await compileEntries(sources, { cacheDir });
  } catch (error) {
    // Each bench then builds its own bundle, or runs under tsx (below).
    process.stderr.write(`bench bundles: one build of all failed (${error.message})\n`);
    if (args.includes('--build')) process.exit(1);
  }
  if (args.includes('--build')) process.exit(0);
}
const outcomes = [];
for (const file of benches) {
  process.stdout.write(`\n== ${file}${smoke ? ' (smoke)' : ''} ==\n`);
  const started = Date.now();
  // From a bundle compiled once from its sources (as the CLI runs: apps/headless/bin/compiled-entry.js, rebuilt
  // when a source changed): tsx's compile-on-load cost ~3 of a smoke run's ~6 CPU-seconds. tsx when none builds.
  const compiled = await compiledEntry(bundleName(file), resolve('bench', file), { cacheDir });
  const command = compiled
    ? ['--enable-source-maps', fileURLToPath(compiled)]
    : ['node_modules/.bin/tsx', `bench/${file}`];
  const cpuBefore = reapedChildrenSeconds();
  const outcome = spawnSync(process.execPath, command, {
    stdio: 'inherit',
    env,
    ...(smoke ? { timeout: 300_000, killSignal: 'SIGKILL' } : {}),
  });
  outcomes.push({
    bench: file,
    ok: outcome.status === 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    // The bench's process and what it reaped (not what it left to init: Chromium's zygotes, orphaned CLIs).
    ...(cpuBefore === undefined
      ? {}
      : { cpuSeconds: Math.round((reapedChildrenSeconds() - cpuBefore) * 10) / 10 }),
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
