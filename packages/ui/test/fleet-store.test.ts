import { describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { createFleetStore, type FleetStore } from '../src/index';
import { idOf, realFleet } from './real-fleet';

/** Resolves once the first snapshot is in. */
function loaded(store: FleetStore): Promise<ReturnType<FleetStore['getState']>> {
  return new Promise((resolve) => {
    if (store.getState().loaded) return resolve(store.getState());
    const stop = store.subscribe((state) => {
      if (!state.loaded) return;
      stop();
      resolve(state);
    });
  });
}

describe('createFleetStore', () => {
  it('loads the snapshot with approvals, locks and inboxes, then follows events', async () => {
    const fleet = await realFleet({
      teams: [{ name: 'web' }],
      agents: [{ name: 'w1', team: 'web', role: 'builder' }],
    });
    const w1 = { kind: 'agent' as const, id: idOf(fleet.state, 'w1') };
    await fleet.orchestrator.invoke(w1, 'lock.acquire', { resource: { kind: 'branch', name: 'main' } });
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    const state = await loaded(store);
    expect(Object.values(state.fleet.locks).map((l) => l.owner)).toEqual([w1.id]);
    await fleet.orchestrator.invoke(w1, 'approval.request', { kind: 'permission', summary: 'deploy' });
    expect(Object.values(store.getState().fleet.approvals).map((a) => a.summary)).toEqual(['deploy']);
  });

  it('moves agents with agent.move and reorders the rest; a refused move says why', async () => {
    const fleet = await realFleet({
      teams: [{ name: 'a' }, { name: 'b' }],
      agents: [{ name: 'x', team: 'a' }],
    });
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    await loaded(store);
    const outcome = await store.getState().moveAgents([idOf(fleet.state, 'x')], idOf(fleet.state, 'b'), 0);
    expect(outcome).toEqual({ ok: true });
    expect(store.getState().fleet.agents[idOf(fleet.state, 'x')]?.teamId).toBe(idOf(fleet.state, 'b'));
    const refused = await store.getState().moveAgents(['no-such-agent'], idOf(fleet.state, 'a'), 0);
    expect(refused.ok).toBe(false);
  });

  it('a burst of 300 events: the state is current at once, subscribers hear of it a few times, with the newest state', async () => {
    const fleet = await realFleet({ agents: [{ name: 'w1' }] });
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    await loaded(store);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heard: number[] = [];
    store.subscribe((state) => heard.push(Object.keys(state.fleet.teams).length));
    const w1 = { kind: 'agent' as const, id: idOf(fleet.state, 'w1') };
    for (let i = 0; i < 300; i++)
      fleet.orchestrator.attention.notify({
        kind: 'waiting_for_input',
        severity: 'warning',
        agentId: `made-up-${i}`,
        title: `item ${i}`,
        body: 'a burst',
        approvalId: null,
      });
    for (let i = 0; i < 5; i++)
      await fleet.orchestrator.invoke(humanCaller, 'team.create', { name: `t${i}` });
    await fleet.orchestrator.invoke(w1, 'approval.request', { kind: 'permission', summary: 'deploy' });
    // Read at once: every event is in.
    expect(Object.keys(store.getState().fleet.teams)).toHaveLength(5);
    expect(Object.values(store.getState().fleet.approvals).map((a) => a.summary)).toEqual(['deploy']);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan(10);
    expect(heard.at(-1)).toBe(5);
  });
});
