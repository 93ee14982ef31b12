// Test children written in TypeScript (a host to fuzz, a fleet to SIGKILL, a server whose children are reaped) run
// from one bundled module, as the CLI does (apps/headless/bin/compiled-entry.js: rebuilt whenever a source it was
// built from changed). Under tsx every start compiled and resolved each source file again: ~2.6 CPU-s to import
// core against ~0.7 from the bundle, paid by every round of the crash tests. `npm test` builds them all at once
// beforehand (test-children.js).
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../../apps/headless/bin/compiled-entry.js';
import { bundleName, cacheDir } from './test-children.js';

/**
 * How Node runs the TypeScript file `script`: its bundle (built now if missing or stale), or the source under tsx
 * when no bundle can be built. Spawn `node ...execArgv path ...args`, or `fork(path, args, { execArgv })`.
 */
export async function childScript(script: URL): Promise<{ path: string; execArgv: string[] }> {
  const source = fileURLToPath(script);
  const bundle = await compiledEntry(bundleName(source), source, { cacheDir });
  return bundle
    ? { path: fileURLToPath(bundle), execArgv: [] }
    : { path: source, execArgv: ['--import', 'tsx'] };
}
