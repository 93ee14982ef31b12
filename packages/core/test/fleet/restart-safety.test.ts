import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { AGENT_VARIABLE, createMemoryBackend } from '../../src/index';
import { locate, setupFleet } from './fleet-fixture';

describe('restart safety', () => {
  it('re-binds surviving panes after a restart, marks vanished ones lost, and respawns them with one command', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restart-')), 'fleet.db');
    const backend = createMemoryBackend(); // the terminal outlives the host
    const first = setupFleet({ databasePath, backend });
    const { agents } = await first.populate(3, 2);
    await first.orchestrator.close();

    const vanished = agents[3]!;
    await backend.closePane(vanished.paneId!);

    const second = setupFleet({ databasePath, backend });
    await second.orchestrator.ready;
    const snapshot = (await second.call<{ agents: Agent[] }>('fleet.snapshot', {})).agents;
    expect(snapshot).toHaveLength(6);
    for (const agent of agents.filter((a) => a !== vanished)) {
      expect(snapshot.find((a) => a.id === agent.id)).toMatchObject({
        paneId: agent.paneId,
        state: 'starting',
      });
    }
    expect(snapshot.find((a) => a.id === vanished.id)).toMatchObject({ paneId: null, state: 'lost' });
    expect(second.events.filter((e) => e.type === 'agent.updated')).toHaveLength(1);

    const respawned = await second.call<Agent>('agent.restart', { agent: vanished.name });
    expect(respawned).toMatchObject({ state: 'starting', teamId: vanished.teamId });
    expect((await locate(backend, respawned.paneId!))?.tabId).toBe(
      (await locate(backend, agents[2]!.paneId!))?.tabId,
    );
    await second.orchestrator.close();
  });

  it('re-binds by the user.switchboardAgent variable when a pane came back under another id', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restart-')), 'fleet.db');
    const backend = createMemoryBackend();
    const first = setupFleet({ databasePath, backend });
    const agent = await first.call<Agent>('agent.spawn', { name: 'a' });
    await first.orchestrator.close();
    // The pane is replaced by one carrying the same binding variable (as after iTerm2 restores a session).
    await backend.closePane(agent.paneId!);
    const replacement = await backend.createPane({});
    await backend.setVariable(replacement.id, AGENT_VARIABLE, agent.id);

    const second = setupFleet({ databasePath, backend });
    await second.orchestrator.ready;
    expect(second.agent('a')).toMatchObject({ paneId: replacement.id });
    expect(backend.inspect(replacement.id).appearance.title).toBe('a');
  });

  it('does not steal a pane another agent is bound to by variable', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restart-')), 'fleet.db');
    const backend = createMemoryBackend();
    const first = setupFleet({ databasePath, backend });
    const a = await first.call<Agent>('agent.spawn', { name: 'a' });
    const b = await first.call<Agent>('agent.spawn', { name: 'b' });
    await first.orchestrator.close();
    await backend.setVariable(a.paneId!, AGENT_VARIABLE, b.id);
    await backend.closePane(b.paneId!);
    const second = setupFleet({ databasePath, backend });
    await second.orchestrator.ready;
    expect(second.agent('b').paneId).toBe(a.paneId);
    expect(second.agent('a')).toMatchObject({ paneId: null, state: 'lost' });
  });

  it('an agent whose program had ended stays exited when its pane is gone at the restart; a running one is lost', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restart-')), 'fleet.db');
    const backend = createMemoryBackend();
    const first = setupFleet({ databasePath, backend });
    const ended = await first.call<Agent>('agent.spawn', { name: 'ended' });
    const running = await first.call<Agent>('agent.spawn', { name: 'running' });
    const endedAt = '2026-01-02T03:04:05.000Z';
    first.orchestrator.fleet.repository.updateAgentState({ ...ended, state: 'exited', stateSince: endedAt });
    await first.orchestrator.close();
    await backend.closePane(ended.paneId!);
    await backend.closePane(running.paneId!);

    const second = setupFleet({ databasePath, backend });
    await second.orchestrator.ready;
    expect(second.agent('ended')).toMatchObject({ paneId: null, state: 'exited', stateSince: endedAt });
    expect(second.agent('running')).toMatchObject({ paneId: null, state: 'lost' });
    // Stored as it is: a third start changes nothing and reports only the running one lost.
    await second.orchestrator.close();
    const third = setupFleet({ databasePath, backend });
    await third.orchestrator.ready;
    expect(await third.orchestrator.fleet.reconcile()).toMatchObject({ rebound: 0, lost: 1 });
    expect(third.agent('ended')).toMatchObject({ paneId: null, state: 'exited', stateSince: endedAt });
    await third.orchestrator.close();
  });
});
