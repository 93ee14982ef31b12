import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { ITerm2Backend, type ITerm2BackendOptions } from '../../src/backend';
import { staticAuth } from '../../src/client/auth';

/** A plain, quiet bash: no rc files, a short prompt, no history file. */
export const TEST_SHELL = {
  file: '/bin/bash',
  args: ['--norc', '--noprofile'],
  env: { PS1: '$ ', HISTFILE: '/dev/null' },
};

export interface SimAndBackend {
  server: SimServer;
  backend: ITerm2Backend;
  socketPath: string;
  dispose(): Promise<void>;
}

/** The embedded server on a unix socket in a temp folder, with ITerm2Backend attached over it. */
export async function startSimWithBackend(
  options: Partial<ITerm2BackendOptions> = {},
): Promise<SimAndBackend> {
  const folder = mkdtempSync(join(tmpdir(), 'sb-iterm-'));
  const socketPath = join(folder, 'socket');
  const server = await startSimServer({ unixPath: socketPath, shell: TEST_SHELL });
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    reconnect: false,
    ...options,
  });
  return {
    server,
    backend,
    socketPath,
    async dispose() {
      await backend.close();
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
