import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startHostProcess, type HostProcess } from './host-process';

const repository = resolve(import.meta.dirname, '../..');

/** `npm run sim -- --unix PATH` as its own process; resolves once it prints where it listens. */
export async function startSim(socketPath: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/iterm-bridge/src/sim/main.ts', '--unix', socketPath],
    { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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

/**
 * A standalone embedded iTerm2-API server with hosts started on it (`--backend iterm2` by socket), and a
 * second client of the same server (the observer: what iTerm2 would show, independent of the host).
 * `close()` stops every host started through it, the observer and the server.
 */
export async function simWithHosts() {
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-sim-sock-')), 'iterm2.sock');
  let sim = await startSim(socketPath);
  const hosts: HostProcess[] = [];
  let observer: ITerm2Backend | undefined;
  return {
    /** Starts `switchboard start` on this server (on `dataDir` to start a host again on the same data). */
    async startHost(dataDir?: string) {
      const host = await startHostProcess(['--backend', 'iterm2', '--iterm2-socket', socketPath], dataDir);
      hosts.push(host);
      return host;
    },
    async observer() {
      observer ??= await ITerm2Backend.connect({
        endpoint: { socketPath },
        auth: staticAuth({}),
        reconnect: false,
      });
      return observer;
    },
    /** The terminal dies with every pane in it (SIGKILL: no shutdown code runs), as when iTerm2 quits. */
    async killTerminal() {
      await observer?.close();
      observer = undefined;
      const dead = sim;
      await new Promise<void>((done) => {
        if (dead.exitCode !== null || dead.signalCode !== null) return done();
        dead.once('exit', () => done());
        dead.kill('SIGKILL');
      });
    },
    /** A fresh server on the same socket (iTerm2 started again): no windows, no panes. */
    async startTerminal() {
      sim = await startSim(socketPath);
    },
    async close() {
      await observer?.close();
      for (const host of hosts) await host.stop();
      sim.kill('SIGTERM');
    },
  };
}
