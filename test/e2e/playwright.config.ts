import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { e2eChromiumArgs, e2eChromiumPath } from './browser';

// The host and simulator these tests start run panes in "the user's shell": bash without start-up files here, so a
// user's slow ~/.bashrc cannot decide a test (the runner and its workers inherit this).
process.env['SHELL'] = fileURLToPath(new URL('../support/quiet-shell', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  // An expectation's default wait: 10 s, not Playwright's 5 s. What a test waits for there is eventual (a page
  // drawn after navigation, an event arrived); at load 15–20 on 2 cores a first render of the chart took over 5 s
  // (ui-org-chart, session 12). A wait that is itself the claim ("within 5 s") states its own timeout.
  expect: { timeout: 10_000 },
  // Two spec files at a time (each spec has its own host: host-fixture.ts). The lane waits on hosts, shells and
  // Chromium far more than it computes (356 CPU-s in 974 s with one worker, clean clone); on a saturated machine
  // (load 20-36) 12 specs took 0.90x the wall time with two, all passed (docs/performance.md, "Test runners",
  // session 12). SB_E2E_WORKERS=1 (or SB_TEST_WORKERS, which sets Vitest's too) runs one.
  workers: Number(process.env['SB_E2E_WORKERS'] ?? process.env['SB_TEST_WORKERS'] ?? 2),
  // On CI one retry: a test that passes only on retry is reported as flaky in e2e.json, not hidden.
  retries: process.env['CI'] ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e.json' }]],
  outputDir: '../../test-results/e2e-artifacts',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    // No endless CSS animation (the waiting card's pulse) repainting every frame while a spec waits: the UI honours
    // "reduce motion" (a still ring instead); ui-needs-you's pulse test asks for motion and checks both.
    reducedMotion: 'reduce',
    launchOptions: { executablePath: e2eChromiumPath(), args: e2eChromiumArgs },
    // A trace only for a retried test (CI retries once): recording one for every test (retain-on-failure) made the
    // specs ~30 % slower (measured: 3 specs, 52.5 s of tests with it, 34.7 s without). To debug a failing
    // spec locally: `--trace on`.
    trace: 'on-first-retry',
  },
});
