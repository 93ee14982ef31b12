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
      if (property === 'remoteMachine' && machine) return () => Promise.resolve(machine);
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
 * asked, the tunnel's port fixed. `read` shows what was written (by path there).
 */
export function fakeMachine(
  tunnelPort = 4567,
): RemoteMachine & { read(path: string): string; dispose(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-fake-remote-'));
  return {
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
