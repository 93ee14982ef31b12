import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './host-fixture';

// A Playwright worker that ends without reaching a fixture's teardown (the runner replaces it after a failed test,
// or the run is interrupted) must not leave a `switchboard start` behind, as one did in session 10: host-process.ts
// kills every host it started when its process exits. Proved with a process that starts a host the way a worker
// does and then exits without stopping it.

const hostProcess = new URL('./host-process.ts', import.meta.url).pathname;
const startAndExit = `
  import { startHostProcess } from ${JSON.stringify(hostProcess)};
  const host = await startHostProcess(['--backend', 'memory']);
  console.log('host pid ' + String(host.child.pid));
  process.exit(0);
`;

/** Whether a process runs (a zombie, exited but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

test('a host started by a process that exits without stopping it is killed when that process exits', async () => {
  const starter = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', startAndExit], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  starter.stdout.on('data', (d) => (output += d));
  starter.stderr.on('data', (d) => (output += d));
  const code = await new Promise((done) => starter.on('close', done));
  const pid = Number(/host pid (\d+)/.exec(output)?.[1]);
  expect(code, output).toBe(0);
  expect(pid, output).toBeGreaterThan(0);
  try {
    await expect.poll(() => running(pid), { timeout: 10_000 }).toBe(false);
  } finally {
    if (running(pid)) process.kill(pid, 'SIGKILL');
  }
});
