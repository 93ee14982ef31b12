import { spawn } from 'node:child_process';
import { childScript } from '../../../../test/support/compiled-child';

/**
 * Runs a TypeScript child that reports progress one space-separated line at a time; `onLine` sees each
 * line's words and returns true when the child should be SIGKILLed (now, or after `delayMs`). Resolves
 * when the child died of SIGKILL; rejects with its stderr if it exited any other way.
 */
export async function runUntilKilled(
  script: URL,
  args: string[],
  onLine: (words: string[]) => boolean | { delayMs: number },
): Promise<void> {
  const { path, execArgv } = await childScript(script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, path, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const words = buffer.slice(0, newline).split(' ');
        buffer = buffer.slice(newline + 1);
        const kill = onLine(words);
        if (kill === true) child.kill('SIGKILL');
        else if (kill) setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}
