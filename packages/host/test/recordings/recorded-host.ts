// A host core recording real shells behind the embedded iTerm2-API server, for the recording tests.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrchestrator, type Orchestrator, type RecordingOptions } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer } from '@switchboard/iterm-bridge/sim';
import { humanCaller } from '@switchboard/protocol';

const QUIET_BASH = '/bin/bash --norc --noprofile';
let cleanups: (() => Promise<unknown>)[] = [];

/** Closes every host `recordedHost` started (a test file's `afterAll`). */
export async function closeRecordedHosts(): Promise<void> {
  const closing = cleanups.reverse();
  cleanups = [];
  for (const cleanup of closing) await cleanup().catch(() => undefined);
}

export async function recordedHost(recordings: Partial<RecordingOptions>) {
  const folder = mkdtempSync(join(tmpdir(), 'sb-rec-sim-'));
  const socketPath = join(folder, 'iterm2.sock');
  const server = await startSimServer({
    unixPath: socketPath,
    shell: { file: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: '$ ', HISTFILE: '/dev/null' } },
  });
  cleanups.push(() => server.close());
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    reconnect: false,
  });
  cleanups.push(() => backend.close());
  const dataDir = join(folder, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const core: Orchestrator = createOrchestrator({
    databasePath: join(dataDir, 'switchboard.db'),
    backend,
    dataDir,
    hostUrl: () => 'http://127.0.0.1:1',
    recordings,
  });
  cleanups.push(() => core.close());
  const human = <T>(name: string, input: unknown) => core.invoke(humanCaller, name, input) as Promise<T>;
  const spawn = async (name: string) => {
    const agent = await human<{ id: string; paneId: string }>('agent.spawn', {
      name,
      kind: 'custom',
      command: QUIET_BASH,
    });
    await eventually(
      async () => (await backend.readScreen(agent.paneId)).lines.some((line) => line.startsWith('$')),
      30_000,
      `${name}'s prompt`,
    );
    return agent;
  };
  return { backend, server, dataDir, human, spawn };
}
