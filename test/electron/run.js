// The Electron smoke test's runner, called by `npm test` (scripts/test.js). Writes
// test-results/electron.json = { passed, failed, skipped }. Where no Electron binary can start (our
// Linux machines: the download is skipped), every smoke test is reported as skipped, never as passed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findElectron, repositoryRoot } from '../../scripts/electron-binary.js';

const results = join(repositoryRoot, 'test-results');
const write = (counts) => {
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'electron.json'), JSON.stringify(counts) + '\n');
  process.stdout.write(
    `electron smoke: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
  );
};
/** How many tests smoke.spec.ts declares, so a skip is counted as what it skips. */
const declared = (readFileSync(join(import.meta.dirname, 'smoke.spec.ts'), 'utf8').match(/^test\(/gm) ?? [])
  .length;

process.stdout.write('\n── desktop smoke (Playwright + Electron) ──\n');
const electron = findElectron();
if (!electron.path) {
  process.stdout.write(`skipped: ${electron.reason}\n`);
  write({ passed: 0, failed: 0, skipped: declared });
  process.exit(0);
}

const build = spawnSync('npm', ['run', 'build', '--silent', '-w', '@switchboard/desktop'], {
  cwd: repositoryRoot,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (build.status !== 0) {
  write({ passed: 0, failed: declared || 1, skipped: 0 });
  process.exit(1);
}
const outcome = spawnSync(
  process.execPath,
  ['node_modules/@playwright/test/cli.js', 'test', '-c', 'test/electron/playwright.config.ts'],
  {
    cwd: repositoryRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, SWITCHBOARD_ELECTRON_PATH: electron.path },
  },
);
let counts;
try {
  const { stats } = JSON.parse(readFileSync(join(results, 'electron-playwright.json'), 'utf8'));
  counts = { passed: stats.expected + (stats.flaky ?? 0), failed: stats.unexpected, skipped: stats.skipped };
  if (outcome.status !== 0 && counts.failed === 0) counts.failed = 1;
} catch {
  counts = { passed: 0, failed: declared || 1, skipped: 0 };
}
write(counts);
process.exit(counts.failed > 0 ? 1 : 0);
