import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/longest-first-sequencer.ts';

const stress = process.env['STRESS'] === '1';
// Panes that run "the user's shell" get bash without start-up files: a user's slow ~/.bashrc must not decide a test.
const quietShell = fileURLToPath(new URL('./test/support/quiet-shell', import.meta.url));

export default defineConfig({
  test: {
    env: { SHELL: quietShell },
    // Temporary files in memory when the machine has room (test/support/test-tmpdir.ts): fsync on this disk is slow.
    globalSetup: ['test/support/test-tmpdir.ts'],
    testTimeout: stress ? 600_000 : 30_000,
    hookTimeout: 60_000,
    // On CI one retry, as Playwright's e2e: tests that drive real CLIs and shells against wall-clock deadlines
    // can miss one while the other lane (Chromium, hosts) loads both cores; one that fails twice fails the run.
    retry: process.env['CI'] ? 1 : 0,
    // Two test files at a time: the files wait on real shells, CLIs and hosts far more than they compute (one worker
    // used 431 CPU-s in 974 s), and every file passed with two workers at load 20-40, no retry (docs/performance.md
    // "Test runners"). SB_VITEST_WORKERS sets Vitest's alone; SB_TEST_WORKERS, Vitest's and Playwright's.
    maxWorkers: Number(process.env['SB_VITEST_WORKERS'] ?? process.env['SB_TEST_WORKERS'] ?? 2),
    // The longest files first, by test/vitest-durations.json: without a cache (clean clone, CI) Vitest starts the
    // largest files first, and a 112 s file that started late made the lane's tail. `--sequence.shuffle` still
    // shuffles the files (Vitest picks its random order only when no sequencer is set).
    sequence: process.argv.some((arg) => arg.startsWith('--sequence.shuffle'))
      ? {}
      : { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // Test files share a worker's module cache (each still builds its own hosts, stores and servers): 2.5× less
          // wall time and less than half the CPU than evaluating every module again for each of ~170 files.
          isolate: false,
          // SB_TEST_LEFTOVERS=<file.jsonl>: which processes each file leaves running (test/support/leftover-setup.ts).
          // SB_TEST_CPU=<file.jsonl>: the CPU seconds each file costs, with the processes it reaped (file-cpu-setup.ts).
          setupFiles: [
            ...(process.env['SB_TEST_LEFTOVERS'] ? ['test/support/leftover-setup.ts'] : []),
            ...(process.env['SB_TEST_CPU'] ? ['test/support/file-cpu-setup.ts'] : []),
          ],
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/support/*.test.ts'],
          exclude: ['packages/ui/test/**/*.dom.test.ts*'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          // As the node project: the files of a worker share one module graph and one happy-dom window (116 s → 44 s
          // for the 10 files in one worker: importing React, the views and core again per file was 57 s of it). Each
          // file still starts from an empty document and storage (fresh-document.ts) and renders its own app.
          isolate: false,
          setupFiles: ['packages/ui/test/support/fresh-document.ts'],
          include: ['packages/ui/test/**/*.dom.test.ts*'],
        },
      },
    ],
  },
});
