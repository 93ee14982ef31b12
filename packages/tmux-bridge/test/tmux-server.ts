import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxBackend } from '../src/tmux-backend';
import type { TmuxBackendOptions } from '../src/tmux-backend';

/** Whether a real tmux can run here (the suites skip, loudly, where it cannot). */
export const tmuxAvailable = spawnSync('tmux', ['-V']).status === 0;

/** A private tmux server in a temp folder (its own socket), a backend attached to it, and its teardown. */
export async function startTmux(options: TmuxBackendOptions = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'sb-tmux-'));
  const socketPath = join(folder, 'tmux.sock');
  const backend = await TmuxBackend.connect({ socketPath, ...options });
  const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socketPath, ...args], { encoding: 'utf8' });
  const dispose = async () => {
    tmux('kill-server');
    rmSync(folder, { recursive: true, force: true });
  };
  return { backend, socketPath, tmux, dispose };
}
