import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '../../apps/headless/bin/switchboard.js');

export interface HostProcess {
  uiUrl: string;
  mcpUrl: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Kills the host the hard way (SIGKILL): no shutdown code runs, as in a crash. */
  crash(): Promise<void>;
}

/**
 * Every host this process started that has not exited. A Playwright worker that ends (a failed test makes the
 * runner replace it, or the run is interrupted) without reaching a fixture's teardown must not leave a
 * `switchboard start` behind: on the worker's exit they are all killed.
 */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** How long a host may take to shut down after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

/** Starts `switchboard start` as a user would and reads the printed addresses. */
export async function startHostProcess(
  args: string[] = ['--backend', 'memory'],
  dataDir = mkdtempSync(join(tmpdir(), 'sb-e2e-')),
  /** Extra environment (e.g. a PATH whose `ssh` knows a test sshd's key). */
  env: NodeJS.ProcessEnv = {},
): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    [cli, 'start', '--no-open', '--port', '0', '--data-dir', dataDir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const { uiUrl, mcpUrl } = await new Promise<{ uiUrl: string; mcpUrl: string }>((resolvePromise, reject) => {
    // 60 s: a start is 5–25 s of wall time at load 20–30 on 2 cores (2 Playwright workers, each with a spare starting).
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const ui = /UI:\s+(\S+)/.exec(output)?.[1];
      const mcp = /MCP:\s+(\S+)/.exec(output)?.[1];
      if (ui && mcp) {
        clearTimeout(timer);
        resolvePromise({ uiUrl: ui, mcpUrl: mcp });
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)));
  }).catch(async (error: unknown) => {
    await ended(child, 'SIGKILL'); // did not start in time: not left running
    throw error;
  });
  return {
    uiUrl,
    mcpUrl,
    dataDir,
    child,
    token: new URL(uiUrl).hash.replace('#token=', ''),
    stop: () => ended(child, 'SIGTERM'),
    crash: () => ended(child, 'SIGKILL'),
  };
}

/** Sends `signal` and resolves once the host has exited; a host still running after the grace time is killed. */
function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill(signal);
  });
}
