import { spawnSync } from 'node:child_process';

/**
 * Runs a build with its output held back: on success one line (`label` and the seconds it took), on failure the
 * whole output. `npm start` builds the UI this way, so a person starting Switchboard reads its URLs, not the
 * bundler's table of 50 chunks and its size warnings. Returns the build's exit status.
 */
export function quietBuild(command, args, { label, out = process.stdout, err = process.stderr }) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status === 0) {
    out.write(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return 0;
  }
  out.write(result.stdout ?? '');
  err.write(result.stderr ?? '');
  if (result.error) err.write(`${command}: ${result.error.message}\n`);
  return result.status ?? 1;
}
