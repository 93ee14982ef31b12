// `npm test`: UI build, then three lanes side by side —
//   lane 1: unit/integration (Vitest), then benches;
//   lane 2: end-to-end (Playwright, Chromium), then benches;
//   lane 3: typecheck, lint, then benches two at a time —
// every bench once at a tiny size, taken from one queue by whichever lane is free (see benches() below),
// then one line summing every runner: `N passed, N failed, N skipped`. Every step runs even if an earlier
// one failed. Each line a step prints is prefixed with its name (the lanes' output interleaves) and also
// kept whole in test-results/<step>.log. SERIAL=1 runs the steps one after another instead; SB_TEST_LANES=2
// runs the checks before e2e in its lane (two lanes).
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describeMachineCpu, machineCpuBetween, readMachineCpu } from './machine-cpu.js';
import { playwrightRetried, vitestRetried } from './retried-tests.js';

// Every runner's panes run bash without the user's start-up files (a slow ~/.bashrc must not decide a test).
process.env.SHELL = resolve('test/support/quiet-shell');

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Tests that passed only on their retry (CI's one retry): counted as passed, named before the summary line. */
const retried = [];
/** Wall and CPU seconds per step name (a step run several times, as each lane's benches, adds up). */
const timings = new Map();
let totalCpu = 0;
const started = Date.now();
/** The machine's counters at the start: the summary compares the steps' reaped CPU with what the machine did. */
const machineAtStart = readMachineCpu();

/**
 * Runs one step; resolves true when it exits 0. Its output goes to the console (prefixed) and to a log
 * (appended to when the step name ran before).
 */
function run(step, command, args) {
  const log = createWriteStream(`${results}/${step}.log`, { flags: timings.has(step) ? 'a' : 'w' });
  if (!timings.has(step)) timings.set(step, { seconds: 0, cpu: 0, cpuKnown: true });
  const begun = Date.now();
  return new Promise((done) => {
    // Through sh so its `times` builtin can report the CPU time of the step and everything it started.
    const cpuFile = `${results}/.${step}.cpu`;
    const child = spawn(
      'sh',
      ['-c', 'f=$1; shift; "$@"; s=$?; times > "$f"; exit $s', 'sh', cpuFile, command, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.write(line + '\n');
        process.stdout.write(`[${step}] ${line}\n`);
      });
    }
    child.on('close', (code) => {
      log.end();
      const cpu = cpuSeconds(cpuFile);
      totalCpu += cpu ?? 0;
      const timing = timings.get(step);
      timing.seconds += (Date.now() - begun) / 1000;
      timing.cpu += cpu ?? 0;
      timing.cpuKnown &&= cpu !== undefined;
      done(code === 0);
    });
  });
}

/** The user + system seconds of a step's children, from the second line of `times` ("0m41.27s 0m5.12s"). */
function cpuSeconds(file) {
  try {
    const line = readFileSync(file, 'utf8').trim().split('\n')[1] ?? '';
    rmSync(file, { force: true });
    const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return parts.length === 2 ? Math.round(parts[0] + parts[1]) : undefined;
  } catch {
    return undefined;
  }
}

function check(step, ok) {
  totals[ok ? 'passed' : 'failed'] += 1;
  if (!ok) process.stdout.write(`✗ ${step} failed\n`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const bin = (name) => `node_modules/.bin/${name}`;

async function vitest() {
  const ok = await run('vitest', 'node', [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${results}/vitest.json`,
  ]);
  const report = readJson(`${results}/vitest.json`);
  if (!report) return check('vitest', false);
  retried.push(...vitestRetried(report).map((name) => `vitest: ${name}`));
  totals.passed += report.numPassedTests;
  totals.failed +=
    report.numFailedTests +
    (report.numRuntimeErrorTestSuites ?? 0) +
    (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (!ok && report.numFailedTests === 0 && !report.numFailedTestSuites) totals.failed += 1;
}

// Every bench once at a tiny size: a bench that no longer runs is a failure (timings are not judged here).
// The benches are shared work: each lane, once its own steps are done, takes the next bench until none is
// left, so the lane that finishes first runs more of them. Outcomes: test-results/bench-smoke.json.
// Longest first: the last bench a lane takes is a short one, so the lanes end close together. In session 12's
// clean clone (alphabetical order) Vitest, the longest lane, finished and then took ui-render, 28 s more on the
// whole run's wall time. The order: the smoke runs' seconds in session 14's second clean clone (bb6fb3c,
// test-results/bench-smoke.json; docs/performance.md, "Test runners"); a bench not listed (a new one) goes first,
// as it may be long.
const benchesLongestFirst = [
  'mcp.ts',
  'ui-render.ts',
  'flow-graph.ts',
  'attention-scroll.ts',
  'host-restart.ts',
  'mirror-latency.ts',
  'host-cpu.ts',
  'cli-start.ts',
  'spawn-footprint.ts',
  'state-detection.ts',
  'tracing-overhead.ts',
  'http-call-cpu.ts',
  'api-roundtrip.ts',
  'tmux.ts',
  'recovery-detection.ts',
  'messaging.ts',
  'recording-frames.ts',
  'recording-overhead.ts',
  'memory-fts.ts',
  'approvals.ts',
  'iterm2-client.ts',
  'relayout.ts',
  'recording-search.ts',
  'group-commit.ts',
  'desktop-ipc.ts',
  'plans.ts',
  'recording-parts.ts',
  'sim-bench.ts',
];
/**
 * Small benches whose smoke runs share one Node process (scripts/bench.js --together): each alone spent ~1-2 of its
 * 1-4 CPU-s loading the host, core and the SDK. In process, ending on their own (no process.exit), starting no host
 * process or browser. Each group is one item of the queue, taken where its first bench stands in the order above.
 */
const benchesTogether = [
  [
    'api-roundtrip.ts',
    'approvals.ts',
    'desktop-ipc.ts',
    'memory-fts.ts',
    'messaging.ts',
    'plans.ts',
    'tracing-overhead.ts',
  ],
  [
    'group-commit.ts',
    'iterm2-client.ts',
    'recording-frames.ts',
    'recording-parts.ts',
    'recording-search.ts',
    'screen-answer-decode.ts',
    'sim-bench.ts',
  ],
];
/** A bench's place in that order; -1 (first) for one not listed. */
const benchRank = (file) => benchesLongestFirst.indexOf(file);
const benchFiles = readdirSync('bench').filter(
  (f) => f.endsWith('.ts') && f !== 'stats.ts' && !f.endsWith('.d.ts'),
);
/** A group's place: its earliest listed bench's (-1 when none is listed). */
function groupRank(files) {
  const listed = files.map(benchRank).filter((rank) => rank >= 0);
  return listed.length > 0 ? Math.min(...listed) : -1;
}
/** The queue: a bench file, or a group of them (those of a group that exist). */
const benchQueue = [
  ...benchFiles.filter((f) => !benchesTogether.flat().includes(f)).map((f) => [f]),
  ...benchesTogether.map((group) => group.filter((f) => benchFiles.includes(f))).filter((g) => g.length > 0),
].sort((a, b) => groupRank(a) - groupRank(b) || a[0].localeCompare(b[0]));
const benchOutcomes = [];
async function benches(lane) {
  for (let files = benchQueue.shift(); files !== undefined; files = benchQueue.shift()) {
    const report = `${results}/.bench-${files[0]}.json`;
    await run(`benches-${lane}`, 'node', [
      'scripts/bench.js',
      '--smoke',
      ...(files.length > 1 ? ['--together'] : []),
      `--report=${report}`,
      ...files,
    ]);
    const outcomes = readJson(report)?.outcomes ?? [];
    rmSync(report, { force: true });
    for (const file of files) {
      const outcome = outcomes.find((o) => o.bench === file) ?? {
        bench: file,
        ok: false,
        error: 'no report',
      };
      benchOutcomes.push({ ...outcome, lane });
      check(`bench ${file}`, outcome.ok);
    }
  }
}

async function e2e() {
  const ok = await run('e2e', 'node', [bin('playwright'), 'test', '-c', 'test/e2e/playwright.config.ts']);
  const report = readJson(`${results}/e2e.json`);
  if (!report?.stats) return check('e2e', false);
  retried.push(...playwrightRetried(report).map((name) => `e2e: ${name}`));
  totals.passed += report.stats.expected + (report.stats.flaky ?? 0);
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
  if (!ok && report.stats.unexpected === 0) totals.failed += 1;
}

async function electron() {
  if (!existsSync('test/electron/run.js')) return;
  await run('electron', 'node', ['test/electron/run.js']);
  const counts = readJson(`${results}/electron.json`) ?? { passed: 0, failed: 1, skipped: 0 };
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

const checks = async () => {
  // Every bench's bundle in one esbuild run (scripts/bench.js --build), before any lane takes a bench: one build
  // per smoke run cost 2-4 CPU-s each, ~80 CPU-s in all, in esbuild processes no step's CPU counted (session 15's
  // clean clone, CPU sampler).
  check('bench bundles', await run('bench-bundles', 'node', ['scripts/bench.js', '--build']));
  check('typecheck', await run('typecheck', 'node', ['scripts/typecheck.js']));
  check('lint', await run('lint', 'npm', ['run', 'lint', '--silent']));
};

check('ui build', await run('build', 'npm', ['run', 'build', '--silent']));
// The CLI's compiled entries (apps/headless/bin/compiled-entry.js), built once here rather than by the first
// `switchboard` process a test starts.
check('cli bundle', await run('build', 'node', ['apps/headless/bin/compiled-entry.js']));
// The TypeScript children tests start (crash children, the fuzzed host…) in one esbuild run, not one each on first use.
check('test children', await run('build', 'node', ['test/support/test-children.js']));
// Three lanes: the checks (typecheck, lint: ~85 s, CPU-bound, no deadlines) beside Vitest and e2e rather than in
// front of the e2e specs, the longest lane; each lane then takes benches from the shared queue, so the checks'
// lane runs most of them while the other two are still busy. SB_TEST_LANES=2: the two lanes of before (the checks
// before e2e). Both lanes of tests wait on real shells, CLIs and browsers far more than they compute: on two
// cores the run used about one core's worth of CPU (docs/performance.md, "Test runners").
const vitestLane = async () => {
  await vitest();
  await benches(1);
};
const e2eLane = async () => {
  await e2e();
  await electron();
  await benches(2);
};
const lanes =
  process.env['SB_TEST_LANES'] === '2'
    ? [
        vitestLane,
        async () => {
          await checks();
          await e2eLane();
        },
      ]
    : [
        vitestLane,
        e2eLane,
        async () => {
          await checks();
          // Two smoke runs at a time here (one with SERIAL=1): they wait on hosts, shells and Chromium far more
          // than they compute — session 13's clean clone: this lane's 439 s of benches used 108 CPU-s; two at a
          // time took 0.54x the wall time of one at a time (docs/performance.md, "Session 14").
          await Promise.all(process.env['SERIAL'] === '1' ? [benches(3)] : [benches('3a'), benches('3b')]);
        },
      ];
if (process.env['SERIAL'] === '1') for (const lane of lanes) await lane();
else await Promise.all(lanes.map((lane) => lane()));
writeFileSync(
  `${results}/bench-smoke.json`,
  JSON.stringify(
    {
      passed: benchOutcomes.filter((o) => o.ok).length,
      failed: benchOutcomes.filter((o) => !o.ok).length,
      outcomes: benchOutcomes,
    },
    null,
    2,
  ) + '\n',
);

const perStep = [...timings].map(
  ([step, t]) => `${step} ${Math.round(t.seconds)} s${t.cpuKnown ? ` (CPU ${Math.round(t.cpu)} s)` : ''}`,
);
process.stdout.write(
  `\n── time per step: ${perStep.join(' · ')} · total ${Math.round((Date.now() - started) / 1000)} s (CPU ${totalCpu} s) ──\n`,
);
// The steps' CPU counts only processes that ended and were reaped; the machine's counts every process.
const machineCpu = machineCpuBetween(machineAtStart, readMachineCpu());
writeFileSync(
  `${results}/machine-cpu.json`,
  JSON.stringify({ ...machineCpu, stepsCpuSeconds: totalCpu }) + '\n',
);
process.stdout.write(`── ${describeMachineCpu(machineCpu)} ──\n`);
writeFileSync(`${results}/retried.json`, JSON.stringify(retried, null, 2) + '\n');
if (retried.length > 0)
  process.stdout.write(
    `── passed only on their retry (${retried.length}):\n${retried.map((n) => `   ${n}\n`).join('')}`,
  );
const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync(`${results}/summary.txt`, line + '\n');
process.stdout.write(`\n${line}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
