// The floor under the host's exit burst: the same shells, the same server and the same keystrokes (all written at
// once), with no host above the iTerm2 client — what the server, node-pty and the client cost on their own. A server
// that has run its exit path before is measured too: the bench's fresh server compiles that path during its first
// burst (V8's lazy compilation and unoptimized code, a third of the burst: docs/performance.md), a long-running one
// has not for years.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BackendEvent } from '../../packages/core/src/index';
import { ITerm2Backend, staticAuth } from '../../packages/iterm-bridge/src/index';
import { startSimServer } from '../../packages/iterm-bridge/src/sim/index';
import { mainThreadCpuMs } from './main-thread-cpu';
import { startSimProcess } from './sim-process';
import { sleep, waitFor } from './waiting';

/** One burst: keystroke → the client's `pane.exited`, per shell (ms), and the server's main thread over it. */
export interface ExitBurst {
  latencies: number[];
  /** The server's main thread from the first keystroke to the last exit heard (ms; NaN where /proc is missing). */
  serverMainMs: number;
}

async function startServer(serverProcess: boolean) {
  if (serverProcess) {
    const server = await startSimProcess();
    return { socketPath: server.socketPath, pid: server.pid, close: () => server.close() };
  }
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-bench-')), 'sim.sock');
  const server = await startSimServer({ unixPath: socketPath });
  return { socketPath, pid: process.pid, close: () => server.close() };
}

/**
 * `bursts` rounds on one fresh server: `count` fresh shells started, their prompts drawn, then `exit` written to all
 * at once. The first burst is the server's first (cold), the later ones run on a server that has seen exits.
 * `coalesceMs` 0: the client reads every frame as it comes (its default leaves frames that follow another for a
 * moment, to read them together: up to DEFAULT_COALESCE_MS on an exit's notification).
 */
export async function exitFloor(
  count: number,
  shellCommand: string,
  options: { serverProcess: boolean; bursts: number; coalesceMs?: number },
): Promise<ExitBurst[]> {
  const server = await startServer(options.serverProcess);
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath: server.socketPath },
    auth: staticAuth({}),
    advisoryName: 'bench-floor',
    ...(options.coalesceMs !== undefined ? { coalesceMs: options.coalesceMs } : {}),
  });
  try {
    const bursts: ExitBurst[] = [];
    for (let b = 0; b < options.bursts; b++)
      bursts.push(await burst(backend, server.pid, count, shellCommand));
    return bursts;
  } finally {
    await backend.close();
    await server.close();
  }
}

async function burst(backend: ITerm2Backend, serverPid: number, count: number, shellCommand: string) {
  const panes: string[] = [];
  for (let i = 0; i < count; i++)
    panes.push((await backend.createPane({ command: shellCommand, placement: { kind: 'window' } })).id);
  const until = Date.now() + 60_000;
  for (const id of panes) {
    while (!(await backend.readScreen(id)).lines.some((line) => line.includes('$'))) {
      if (Date.now() > until) throw new Error('bench: the floor shells did not draw a prompt');
      await sleep(20);
    }
  }
  await sleep(500);
  const sent = new Map<string, number>();
  const exited = new Map<string, number>();
  const off = backend.onEvent((event: BackendEvent) => {
    if (event.type === 'pane.exited' && sent.has(event.paneId) && !exited.has(event.paneId))
      exited.set(event.paneId, performance.now());
  });
  const before = mainThreadCpuMs(serverPid);
  await Promise.all(
    panes.map((id) => {
      sent.set(id, performance.now());
      return backend.sendText(id, 'exit\r');
    }),
  );
  await waitFor(() => exited.size === count, 30_000, 'every floor shell exited');
  const after = mainThreadCpuMs(serverPid);
  off();
  // The closed panes' terminals are torn down once panes stop closing: not in the next burst's measure.
  await sleep(1500);
  return {
    latencies: panes.map((id) => exited.get(id)! - sent.get(id)!),
    serverMainMs: before === undefined || after === undefined ? NaN : after - before,
  } satisfies ExitBurst;
}
