// The TypeScript programs tests start as child processes (a host to fuzz, fleets to SIGKILL, a server whose
// children are reaped), each run from a bundle of its own (compiled-child.ts). `node test/support/test-children.js`
// builds all of them in ONE esbuild run, as `npm test` does before its lanes: a clean clone built each on first use,
// 2-4 CPU-s apiece, mostly compiling core and the host again (docs/performance.md, "Session 16"). A child not
// listed here still works: it is built when a test first starts it.
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileEntries } from '../../apps/headless/bin/compiled-entry.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Beside the CLI's own bundles' kind of cache: ignored by git, per checkout. */
export const cacheDir = fileURLToPath(new URL('../../.cache/test-children', import.meta.url));

/** Every child script a test starts through childScript or runUntilKilled, from the repository root. */
export const testChildren = [
  'packages/core/test/crash/crash-child.ts',
  'packages/core/test/messages/crash-child.ts',
  'packages/core/test/messages/pane-crash-child.ts',
  'packages/core/test/plans/plan-crash-child.ts',
  'packages/host/test/robustness/fuzz-host-child.ts',
  'packages/iterm-bridge/test/fixtures/sim-with-stubborn-pane.ts',
];

/** The bundle's name for a child script (an absolute path): its path in the repository, one word. */
export const bundleName = (source) => relative(root, source).replace(/[^a-z0-9]+/gi, '-');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sources = testChildren.map((path) => resolve(root, path));
  await compileEntries(Object.fromEntries(sources.map((source) => [bundleName(source), source])), {
    cacheDir,
  });
}
