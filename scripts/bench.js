// `npm run bench`: runs every bench/*.ts (or the names given) one after another; each prints a table
// and JSON and writes bench/results/<name>.json.
// `node scripts/bench.js --smoke`: what `npm test` runs — every bench once at a tiny size (BENCH_SMOKE=1),
// results under test-results/bench-smoke/, each bench a pass or a fail in test-results/bench-smoke.json,
// so a bench that no longer runs fails the suite. No timing is judged there.
// `node scripts/bench.js --build`: only brings the benches' bundles up to date, all in one esbuild run (npm test
// does this once before its lanes take benches one at a time).
// `node scripts/bench.js --smoke --together a.ts b.ts …`: those smoke runs in one Node process, one after another
// (scripts/bench-together.js), each still a pass or a fail of its own.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
  // mcp.ts's stdio baseline server (bench/support/bare-stdio-server.ts): through tsx it compiled core on every start.
  sources['bare-stdio-server'] = resolve('bench/support/bare-stdio-server.ts');
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
let alone = benches;
if (smoke && args.includes('--together') && benches.length > 1) {
  const together = await runTogether(benches);
  outcomes.push(...together.outcomes);
  alone = together.alone;
}
for (const file of alone) {
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
/**
 * The smoke runs of `files` in one process (scripts/bench-together.js), one outcome each: a bench the group never
 * finished (one before it ended the process, or the timeout) fails. A bench without a bundle runs alone under tsx.
 */
async function runTogether(files) {
  const bundles = [];
  const alone = [];
  for (const file of files) {
    const compiled = await compiledEntry(bundleName(file), resolve('bench', file), { cacheDir });
    if (compiled) bundles.push([file, fileURLToPath(compiled)]);
    else alone.push(file);
  }
  if (bundles.length === 0) return { outcomes: [], alone };
  process.stdout.write(`\n== ${bundles.map(([file]) => file).join(', ')} (smoke, in one process) ==\n`);
  const outcomesFile = join(mkdtempSync(join(tmpdir(), 'sb-bench-together-')), 'outcomes.jsonl');
  const started = Date.now();
  const cpuBefore = reapedChildrenSeconds();
  const group = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      fileURLToPath(new URL('./bench-together.js', import.meta.url)),
      `--outcomes=${outcomesFile}`,
      ...bundles.map(([file, bundle]) => `${file}=${bundle}`),
    ],
    { stdio: 'inherit', env, timeout: 300_000 * bundles.length, killSignal: 'SIGKILL' },
  );
  const reported = existsSync(outcomesFile)
    ? readFileSync(outcomesFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  rmSync(dirname(outcomesFile), { recursive: true, force: true });
  const ended = `the group ended before it finished (exit ${group.status ?? group.signal}${group.error ? `, ${group.error}` : ''})`;
  const results = bundles.map(
    ([file]) => reported.find((o) => o.bench === file) ?? { bench: file, ok: false, error: ended },
  );
  // Every bench reported a pass but the process did not end well (its exit, or what a bench left behind).
  if (group.status !== 0 && results.every((o) => o.ok))
    Object.assign(results.at(-1), { ok: false, error: ended });
  for (const o of results) o.together = true;
  if (cpuBefore !== undefined && results.length > 0)
    process.stdout.write(
      `== together: ${Math.round((Date.now() - started) / 100) / 10} s, ${Math.round((reapedChildrenSeconds() - cpuBefore) * 10) / 10} CPU-s ==\n`,
    );
  for (const o of results)
    if (!o.ok) process.stdout.write(`✗ bench ${o.bench} failed (${o.error.split('\n')[0]})\n`);
  return { outcomes: results, alone };
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
