import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './browser';

// The host and simulator these tests start run panes in "the user's shell": bash without start-up files here, so a
// user's slow ~/.bashrc cannot decide a test (the runner and its workers inherit this).
process.env['SHELL'] = fileURLToPath(new URL('../support/quiet-shell', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  // One spec file at a time by default; SB_TEST_WORKERS=2 runs two (each spec has its own host: host-fixture.ts),
  // which on 2 cores beside the Vitest lane made the 60-agent and keyboard specs miss their deadlines.
  workers: Number(process.env['SB_TEST_WORKERS'] ?? 1),
  // On CI one retry: a test that passes only on retry is reported as flaky in e2e.json, not hidden.
  retries: process.env['CI'] ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e.json' }]],
  outputDir: '../../test-results/e2e-artifacts',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    // A trace only for a retried test (CI retries once): recording one for every test (retain-on-failure) made the
    // specs ~30 % slower (measured: 3 specs, 52.5 s of tests with it, 34.7 s without). To debug a failing
    // spec locally: `--trace on`.
    trace: 'on-first-retry',
  },
});
