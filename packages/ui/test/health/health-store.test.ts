import { describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { createHealthStore, lastLineOf } from '../../src/health/health-store';
import { idOf, realFleet } from '../real-fleet';

describe('createHealthStore against a real core', () => {
  it("loads every agent's health history and the hour's messages, then counts sent messages live", async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'w1' }] });
    const lead = { kind: 'agent' as const, id: idOf(fleet.state, 'lead') };
    const w1 = idOf(fleet.state, 'w1');
    await fleet.orchestrator.invoke(lead, 'message.send', { to: { agent: 'w1' }, body: 'hello' });
    const store = createHealthStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      now: () => fleet.clock.now(),
      refreshMs: 0,
    });
    await store.getState().refresh([lead.id, w1]);
    const { details, messageTimes } = store.getState();
    expect(Object.keys(details).sort()).toEqual([lead.id, w1].sort());
    expect(details[w1]!.current?.agentId).toBe(w1);
    // The recovery contract: every agent has a status (breaker closed, nothing tried yet).
    expect(store.getState().recovery[w1]).toMatchObject({ breaker: 'closed', attempts: 0, episode: null });
    expect(messageTimes).toHaveLength(1);

    await fleet.orchestrator.invoke(lead, 'message.send', {
      to: [{ agent: 'w1' }, { human: true }],
      body: 'two copies',
    });
    expect(store.getState().messageTimes).toHaveLength(3);
    store.getState().dispose();
    await fleet.orchestrator.invoke(lead, 'message.send', { to: { agent: 'w1' }, body: 'after dispose' });
    expect(store.getState().messageTimes).toHaveLength(3);
  });

  it('drops a closed agent and keeps loading the others when one has no history', async () => {
    const fleet = await realFleet({ agents: [{ name: 'a' }, { name: 'b' }] });
    const [a, b] = [idOf(fleet.state, 'a'), idOf(fleet.state, 'b')];
    const store = createHealthStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      now: () => fleet.clock.now(),
      refreshMs: 0,
    });
    await store.getState().refresh([a, b, 'agent-does-not-exist']);
    expect(Object.keys(store.getState().details).sort()).toEqual([a, b].sort());
    await fleet.orchestrator.invoke(humanCaller, 'agent.close', { agent: 'a' });
    expect(Object.keys(store.getState().details)).toEqual([b]);
    store.getState().dispose();
  });

  it('lastLineOf takes the last line with text', () => {
    expect(lastLineOf(['$ make', '  built  ', '', '   '])).toBe('built');
    expect(lastLineOf(['', ' '])).toBeNull();
  });
});
