// `npm test`: typecheck + lint + unit/integration (Vitest) + e2e (Playwright, Chromium) + every bench once
// at a tiny size, then one line
// summing every runner: `N passed, N failed, N skipped`. Every step runs even if an earlier one failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Every runner's panes run bash without the user's start-up files (a slow ~/.bashrc must not decide a test).
process.env.SHELL = resolve('test/support/quiet-shell');

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };

const timings = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n── ${label} ──\n`);
  const started = Date.now();
  const outcome = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push(`${label} ${Math.round((Date.now() - started) / 1000)} s`);
  return outcome.status === 0;
}

function check(label, ok) {
  totals[ok ? 'passed' : 'failed'] += 1;
  if (!ok) process.stdout.write(`✗ ${label} failed\n`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const npx = (bin, args) => ['node', [`node_modules/.bin/${bin}`, ...args]];

check('ui build', run('build the UI', 'npm', ['run', 'build', '--silent']));
check('typecheck', run('typecheck', 'node', ['scripts/typecheck.js']));
check('lint', run('lint', 'npm', ['run', 'lint', '--silent']));

const vitestOk = run('unit + integration (Vitest)', 'node', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest.json`]);
const vitest = readJson(`${results}/vitest.json`);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests + (vitest.numRuntimeErrorTestSuites ?? 0) + (vitest.numFailedTestSuites && !vitest.numFailedTests ? vitest.numFailedTestSuites : 0);
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  if (!vitestOk && vitest.numFailedTests === 0 && !vitest.numFailedTestSuites) totals.failed += 1;
} else check('vitest', false);

const [cmd, args] = npx('playwright', ['test', '-c', 'test/e2e/playwright.config.ts']);
const e2eOk = run('end-to-end (Playwright + Chromium)', cmd, args);
const e2e = readJson(`${results}/e2e.json`);
if (e2e?.stats) {
  totals.passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
  totals.failed += e2e.stats.unexpected;
  totals.skipped += e2e.stats.skipped;
  if (!e2eOk && e2e.stats.unexpected === 0) totals.failed += 1;
} else check('e2e', false);

// Every bench once at a tiny size: a bench that no longer runs is a failure (timings are not judged here).
run('benches (smoke: each once, tiny)', 'node', ['scripts/bench.js', '--smoke']);
const benches = readJson(`${results}/bench-smoke.json`);
if (benches) {
  totals.passed += benches.passed;
  totals.failed += benches.failed;
} else check('benches', false);

if (existsSync('test/electron/run.js')) {
  const electron = spawnSync('node', ['test/electron/run.js'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(electron.stdout);
  const counts = readJson(`${results}/electron.json`) ?? { passed: 0, failed: 1, skipped: 0 };
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

process.stdout.write(`\n── time per step: ${timings.join(' · ')} ──\n`);
const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync(`${results}/summary.txt`, line + '\n');
process.stdout.write(`\n${line}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
