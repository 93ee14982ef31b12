import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SwitchboardError } from '@switchboard/protocol';
import type { BackendEvent, MemoryBackend, RemoteMachine } from '../../src/index';

/**
 * A fake remote link over a memory backend (standing for TmuxBackend over ssh): `cut` drops it (calls fail
 * `unavailable`), `restore` brings it back; `machine`: the remote machine its agents' launches go to.
 */
export function linkTo(remote: MemoryBackend, machine?: RemoteMachine) {
  let up = true;
  const listeners = new Set<(event: BackendEvent) => void>();
  const emit = (event: BackendEvent) => listeners.forEach((listener) => listener(event));
  const backend = new Proxy(remote, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'remoteMachine' && machine)
        return () =>
          up
            ? Promise.resolve(machine)
            : Promise.reject(new SwitchboardError('unavailable', 'The tmux control client has exited'));
      if (property === 'onEvent')
        return (listener: (event: BackendEvent) => void) => {
          listeners.add(listener);
          const stop = target.onEvent(listener);
          return () => (listeners.delete(listener), stop());
        };
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        up
          ? (value as (...a: unknown[]) => unknown).apply(target, args)
          : Promise.reject(new SwitchboardError('unavailable', 'The tmux control client has exited'));
    },
  });
  return {
    backend: backend as MemoryBackend,
    cut() {
      up = false;
      emit({ type: 'backend.disconnected' });
    },
    restore(gapMs: number) {
      up = true;
      emit({ type: 'backend.reconnected', gapMs });
    },
  };
}

/**
 * A remote machine for core tests: its "data folder" is a temp folder here, files written with the modes
 * asked, programs run here, the tunnel's port fixed. `read` shows what was written (by path there), `ran`
 * the programs run there.
 */
export function fakeMachine(
  tunnelPort = 4567,
  /** Files only "that machine" has (by path there), for programs that read one (`cat PATH`). */
  ownFiles: Record<string, string> = {},
): RemoteMachine & { read(path: string): string; ran: string[][]; dispose(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-fake-remote-'));
  const ran: string[][] = [];
  return {
    ran,
    async run(argv, { cwd }) {
      ran.push([...argv]);
      if (argv[0] === 'cat' && argv.length === 2 && argv[1]! in ownFiles)
        return { ok: true, stdout: ownFiles[argv[1]!]!.trim(), stderr: '' };
      const result = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8' });
      return {
        ok: result.status === 0,
        stdout: (result.stdout ?? '').trim(),
        stderr: (result.stderr ?? '').trim(),
      };
    },
    dataDir,
    hostUrl: () => `http://127.0.0.1:${tunnelPort}`,
    async writePrivateFile(path, content) {
      if (!path.startsWith(`${dataDir}/`)) throw new SwitchboardError('invalid_input', `${path} is outside`);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, content, { mode: 0o600 });
    },
    async remove(path) {
      rmSync(path, { recursive: true, force: true });
    },
    read: (path) => readFileSync(path, 'utf8'),
    dispose: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
