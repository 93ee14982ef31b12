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
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const { uiUrl, mcpUrl } = await new Promise<{ uiUrl: string; mcpUrl: string }>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000);
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

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill(signal);
  });
}
