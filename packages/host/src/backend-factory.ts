import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBackend, STATE_VARIABLE, UNMANAGED_LIST_VARIABLES } from '@switchboard/core';
import type { Logger, TerminalBackend } from '@switchboard/core';
import type { ITerm2Backend } from '@switchboard/iterm-bridge';

/**
 * Session variables core listens to: a `user.*` one programs set (OSC 1337 SetUserVar), an agent declaring its own
 * state; and what a pane runs (`jobName`), which the list of panes to adopt shows.
 */
const WATCHED_VARIABLES = [STATE_VARIABLE, ...UNMANAGED_LIST_VARIABLES];

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
  /** Where the backend logs a listener of its events that throws. */
  logger?: Logger;
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

// Each backend's package is imported when that backend is chosen: a `memory` host loads neither the iTerm2 client
// (its protobuf descriptors) nor the embedded server (a terminal emulator per pane) nor tmux's.
const itermBridge = () => import('@switchboard/iterm-bridge');

/**
 * How long one client of the embedded server may hold a transaction (the server then ends it and answers the others).
 * Any process of the person's user can open the server's socket; without a bound, one that began a transaction and
 * never ended it stalled every request of the host's own backend (each timed out after 10 s, its keys left queued to
 * be typed whenever the holder let go). Well under the client's 10 s request time; a script's transaction takes ms.
 */
export const EMBEDDED_MAX_TRANSACTION_MS = 2_000;

/** The embedded iTerm2-API server in this process, real shells in its panes, ITerm2Backend attached over its socket. */
async function startEmbedded(
  dataDir: string | undefined,
  logger: Logger | undefined,
): Promise<ITerm2Backend> {
  const socketPath = simSocketPath(dataDir);
  const [{ ITerm2Backend, staticAuth }, { startSimServer }] = await Promise.all([
    itermBridge(),
    import('@switchboard/iterm-bridge/sim'),
  ]);
  const server = await startSimServer({
    unixPath: socketPath,
    maxTransactionMs: EMBEDDED_MAX_TRANSACTION_MS,
  });
  try {
    return await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      advisoryName: 'switchboard-host',
      watchVariables: WATCHED_VARIABLES,
      onClosed: () => server.close(),
      ...(logger ? { logger } : {}),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Real iTerm2 (or any server at `socketPath`): cookie from ITERM2_COOKIE/ITERM2_KEY or AppleScript. */
const attach = async (socketPath: string, { iterm2CoalesceMs: coalesceMs, logger }: BackendChoice) =>
  (await itermBridge()).ITerm2Backend.connect({
    endpoint: { socketPath },
    advisoryName: 'switchboard',
    watchVariables: WATCHED_VARIABLES,
    ...(coalesceMs !== undefined ? { coalesceMs } : {}),
    ...(logger ? { logger } : {}),
  });

/** tmux over control mode; its panes live in the tmux server and outlive the host. */
const startTmux = async ({ tmuxSocket: socketPath, logger }: BackendChoice) =>
  (await import('@switchboard/tmux-bridge')).TmuxBackend.connect({
    ...(socketPath ? { socketPath } : {}),
    ...(logger ? { logger } : {}),
  });

/**
 * Picks and starts the terminal backend. `auto`: iTerm2 when its socket exists (and lets us in);
 * else tmux when the host itself runs inside tmux (`$TMUX`); else the embedded server, so that
 * `npm start` on a machine without iTerm2 keeps showing the embedded server's real shells.
 */
export async function createBackend(choice: BackendChoice): Promise<CreatedBackend> {
  const socketPath = async () => choice.iterm2Socket || (await itermBridge()).defaultITerm2SocketPath();
  switch (choice.kind) {
    case 'memory':
      return { backend: createMemoryBackend(), resolved: 'memory' };
    case 'iterm2':
      return { backend: await attach(await socketPath(), choice), resolved: 'iterm2' };
    case 'tmux':
      return { backend: await startTmux(choice), resolved: 'tmux' };
    case 'sim':
      return { backend: await startEmbedded(choice.dataDir, choice.logger), resolved: 'sim' };
    case 'auto': {
      const path = await socketPath();
      if (!existsSync(path)) {
        if ((choice.env ?? process.env)['TMUX'])
          return {
            backend: await startTmux(choice),
            resolved: 'tmux',
            note: `no iTerm2 API socket at ${path}; running inside tmux`,
          };
        return {
          backend: await startEmbedded(choice.dataDir, choice.logger),
          resolved: 'sim',
          note: `no iTerm2 API socket at ${path}`,
        };
      }
      try {
        return { backend: await attach(path, choice), resolved: 'iterm2' };
      } catch (error) {
        return {
          backend: await startEmbedded(choice.dataDir, choice.logger),
          resolved: 'sim',
          note: `iTerm2 at ${path} refused: ${(error as Error).message}`,
        };
      }
    }
  }
}
