import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '../..');

/** `npm run sim -- --unix PATH` as its own process; resolves once it prints where it listens. */
export async function startSim(socketPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/iterm-bridge/src/sim/main.ts', '--unix', socketPath], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`sim did not start:\n${output}`)), 30_000);
    const read = (data: Buffer) => {
      output += data;
      if (output.includes(`unix:${socketPath}`)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => fail(new Error(`sim exited with ${code}:\n${output}`)));
  });
  return child;
}

