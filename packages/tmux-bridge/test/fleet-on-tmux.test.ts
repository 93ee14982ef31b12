// The fleet on a real tmux server: an agent whose program ended by itself reads `exited` (tmux keeps the dead
// pane with its exit status, the backend reports the end, then closes the pane); a pane a person kills with
// `kill-pane` while its program runs reads `lost`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type RecoveryLogEntry } from '@switchboard/protocol';
import { createOrchestrator, type Orchestrator } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { startTmux, tmuxAvailable } from './tmux-server';

const suite = tmuxAvailable ? describe : describe.skip;
const BASH = '/bin/bash --norc --noprofile';

suite('exited or lost, on a real tmux server', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('`exit 3` typed in a pane: exited (status 3 in the recovery log); a pane killed by hand: lost', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-fleet-on-tmux-'));
    const { backend, tmux, dispose } = await startTmux();
    const orchestrator: Orchestrator = createOrchestrator({
      databasePath: join(folder, 'db.sqlite'),
      backend,
    });
    cleanup = async () => {
      await orchestrator.close();
      await backend.close();
      await dispose();
      rmSync(folder, { recursive: true, force: true });
    };
    const call = <T>(name: string, input: unknown) =>
      orchestrator.invoke(humanCaller, name, input) as Promise<T>;
    const spawn = (name: string) => call<Agent>('agent.spawn', { name, kind: 'shell', command: BASH });
    const ends = await spawn('ends');
    const killed = await spawn('killed');
    const agent = (a: Agent) => orchestrator.fleet.requireAgent(a.id);
    for (const a of [ends, killed])
      await eventually(
        async () =>
          /[$#] *$/m.test((await backend.readScreen(a.paneId!)).lines.join('\n')) ? true : undefined,
        30_000,
        `${a.name}'s prompt`,
      );

    await backend.sendText(ends.paneId!, 'exit 3\r');
    tmux('kill-pane', '-t', killed.paneId!);
    await eventually(
      () => (agent(ends).paneId === null && agent(killed).paneId === null ? true : undefined),
      20_000,
      'both panes gone',
    );
    expect(agent(ends)).toMatchObject({ state: 'exited', paneId: null });
    expect(agent(killed)).toMatchObject({ state: 'lost', paneId: null });
    const log = await eventually(
      async () =>
        (await call<{ entries: RecoveryLogEntry[] }>('recovery.log', { agent: ends.id })).entries[0],
      20_000,
      'the exit in the recovery log',
    );
    expect(log).toMatchObject({ trigger: 'exited' });
    // tmux 3.3a under load may never learn a dead pane's status (pane-deaths.ts): then the end comes without it.
    expect(['process ended with status 3', 'process ended']).toContain(log!.reason);
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([]);
  }, 90_000);
});
