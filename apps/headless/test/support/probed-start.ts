import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEntry } from '../../src/index';
import { logResolvedModules, withBundledSources } from './resolved-modules';

export interface ProbedHost {
  /** The printed MCP address, and the human's token from the printed UI address. */
  mcpUrl: string;
  token: string;
  /** What the process has loaded so far: the URLs it resolved, a bundle's files with what they hold. */
  modules(): string[];
  stop(): void;
}

/**
 * `switchboard start --port 0 <args>` as a user runs it (a data folder of its own), under a module resolve hook
 * (resolved-modules.ts), resolved once it has printed its addresses. What it loaded can be read then and again later
 * (the hook appends as it goes).
 */
export async function probedStart(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProbedHost> {
  const folder = mkdtempSync(join(tmpdir(), 'sb-probed-start-'));
  const logFile = join(folder, 'resolved.txt');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...['--import', logResolvedModules(logFile), cliEntry, 'start', '--no-open', '--port', '0'],
      ...['--data-dir', join(folder, 'data'), ...args],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, SWITCHBOARD_TSX: '' } },
  );
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  try {
    await new Promise<void>((started, failed) => {
      child.stdout!.on('data', (d) => {
        output += d;
        if (/MCP:\s+\S+/.test(output)) started();
      });
      child.on('exit', (code) => failed(new Error(`the host exited with ${code}:\n${output}`)));
    });
  } catch (error) {
    stop();
    throw error;
  }
  return {
    mcpUrl: /MCP:\s+(\S+)/.exec(output)![1]!,
    token: /#token=(\S+)/.exec(output)![1]!,
    modules: () => withBundledSources(readFileSync(logFile, 'utf8').split('\n').filter(Boolean)),
    stop,
  };
}
