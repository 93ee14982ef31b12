import { join } from 'node:path';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer, type ShellConfig, type SimServer } from '@switchboard/iterm-bridge/sim';

/** A plain, quiet bash: no rc files, a short prompt (`$ `), no history file. */
export const QUIET_BASH: ShellConfig = {
  file: '/bin/bash',
  args: ['--norc', '--noprofile'],
  env: { PS1: '$ ', HISTFILE: '/dev/null' },
};

export interface EmbeddedTerminal {
  server: SimServer;
  backend: ITerm2Backend;
  /** Detaches the backend, then stops the server (its panes' processes with it). */
  close(): Promise<void>;
}

/** The embedded iTerm2-API server on a unix socket in `folder` (real shells), with ITerm2Backend attached over it. */
export async function embeddedTerminal(
  folder: string,
  shell: ShellConfig = QUIET_BASH,
): Promise<EmbeddedTerminal> {
  const socketPath = join(folder, 'socket');
  const server = await startSimServer({ unixPath: socketPath, shell });
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    reconnect: false,
  });
  return {
    server,
    backend,
    async close() {
      await backend.close();
      await server.close();
    },
  };
}
