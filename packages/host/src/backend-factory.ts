import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBackend, STATE_VARIABLE } from '@switchboard/core';
import type { TerminalBackend } from '@switchboard/core';
import { defaultITerm2SocketPath, ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer } from '@switchboard/iterm-bridge/sim';
import { TmuxBackend } from '@switchboard/tmux-bridge';

/** `user.*` variables programs set (OSC 1337 SetUserVar) that core listens to: an agent declaring its own state. */
const WATCHED_VARIABLES = [STATE_VARIABLE];

import type { BackendKind } from './backend-kinds';

export interface BackendChoice {
  kind: BackendKind;
  /** An iTerm2-API socket to attach to (default: iTerm2's own). */
  iterm2Socket?: string;
  /** The iTerm2 client's read coalescing window (`ITerm2ClientOptions.coalesceMs`; benches compare 0). */
  iterm2CoalesceMs?: number;
  /** Where the embedded server puts its socket (`sim`, and `auto` without iTerm2). */
  dataDir?: string;
  /** The tmux server's socket (`tmux -S`); default tmux's own folder, socket name `switchboard` (`tmux -L switchboard`). */
  tmuxSocket?: string;
  /** The environment `auto` reads (`TMUX`: the host runs inside tmux); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface CreatedBackend {
  backend: TerminalBackend;
  resolved: BackendKind;
  /** Why `auto` chose what it chose, for the start-up line. */
  note?: string;
}

/** Unix socket paths are limited to ~104 bytes; a deep data folder falls back to the temp folder. */
function simSocketPath(dataDir: string | undefined): string {
  const preferred = join(dataDir ?? tmpdir(), 'iterm2-sim.sock');
  return preferred.length < 100 ? preferred : join(tmpdir(), `switchboard-sim-${process.pid}.sock`);
}

/** The embedded iTerm2-API server in this process, real shells in its panes, ITerm2Backend attached over its socket. */
async function startEmbedded(dataDir: string | undefined): Promise<ITerm2Backend> {
  const socketPath = simSocketPath(dataDir);
  const server = await startSimServer({ unixPath: socketPath });
  try {
    return await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      advisoryName: 'switchboard-host',
      watchVariables: WATCHED_VARIABLES,
      onClosed: () => server.close(),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Real iTerm2 (or any server at `socketPath`): cookie from ITERM2_COOKIE/ITERM2_KEY or AppleScript. */
const attach = (socketPath: string, coalesceMs: number | undefined) =>
  ITerm2Backend.connect({
    endpoint: { socketPath },
    advisoryName: 'switchboard',
    watchVariables: WATCHED_VARIABLES,
    ...(coalesceMs !== undefined ? { coalesceMs } : {}),
  });

/** tmux over control mode; its panes live in the tmux server and outlive the host. */
const startTmux = (socketPath: string | undefined) => TmuxBackend.connect(socketPath ? { socketPath } : {});

/**
 * Picks and starts the terminal backend. `auto`: iTerm2 when its socket exists (and lets us in);
 * else tmux when the host itself runs inside tmux (`$TMUX`); else the embedded server, so that
 * `npm start` on a machine without iTerm2 keeps showing the embedded server's real shells.
 */
export async function createBackend(choice: BackendChoice): Promise<CreatedBackend> {
  const socketPath = choice.iterm2Socket ?? defaultITerm2SocketPath();
  switch (choice.kind) {
    case 'memory':
      return { backend: createMemoryBackend(), resolved: 'memory' };
    case 'iterm2':
      return { backend: await attach(socketPath, choice.iterm2CoalesceMs), resolved: 'iterm2' };
    case 'tmux':
      return { backend: await startTmux(choice.tmuxSocket), resolved: 'tmux' };
    case 'sim':
      return { backend: await startEmbedded(choice.dataDir), resolved: 'sim' };
    case 'auto': {
      if (!existsSync(socketPath)) {
        if ((choice.env ?? process.env)['TMUX'])
          return {
            backend: await startTmux(choice.tmuxSocket),
            resolved: 'tmux',
            note: `no iTerm2 API socket at ${socketPath}; running inside tmux`,
          };
        return {
          backend: await startEmbedded(choice.dataDir),
          resolved: 'sim',
          note: `no iTerm2 API socket at ${socketPath}`,
        };
      }
      try {
        return { backend: await attach(socketPath, choice.iterm2CoalesceMs), resolved: 'iterm2' };
      } catch (error) {
        return {
          backend: await startEmbedded(choice.dataDir),
          resolved: 'sim',
          note: `iTerm2 at ${socketPath} refused: ${(error as Error).message}`,
        };
      }
    }
  }
}
