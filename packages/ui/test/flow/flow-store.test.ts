import { describe, expect, it, vi } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { edgeKey } from '../../src/flow/flow-edges';
import { createFlowStore } from '../../src/flow/flow-store';
import { idOf, realFleet } from '../real-fleet';

describe('createFlowStore against a real core', () => {
  it("loads the window from message.flow, counts live sends with a pulse, and opens an edge's messages", async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'w1' }] });
    const lead = { kind: 'agent' as const, id: idOf(fleet.state, 'lead') };
    const w1 = { kind: 'agent' as const, id: idOf(fleet.state, 'w1') };
    await fleet.orchestrator.invoke(lead, 'message.send', {
      kind: 'instruction',
      to: { agent: 'w1' },
      body: 'build the parser',
    });
    const store = createFlowStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      now: () => fleet.clock.now(),
      refreshMs: 0,
    });
    await store.getState().refresh();
    const key = edgeKey(lead.id, w1.id);
    expect(store.getState().edges[key]).toMatchObject({ count: 1, byKind: { instruction: 1 } });

    await fleet.orchestrator.invoke(w1, 'message.send', {
      kind: 'reply',
      to: { agent: 'lead' },
      body: 'parser built',
    });
    await fleet.orchestrator.invoke(lead, 'message.send', {
      kind: 'request',
      to: { agent: 'w1' },
      body: 'tests too?',
    });
    expect(store.getState().edges[key]).toMatchObject({ count: 2, byKind: { instruction: 1, request: 1 } });
    expect(store.getState().pulses).toEqual({ [`${key}:chat`]: 1, [`${edgeKey(w1.id, lead.id)}:chat`]: 1 });

    await store.getState().select({ from: lead.id, to: w1.id });
    expect(store.getState().selected?.messages?.map((m) => m.body)).toEqual([
      'tests too?',
      'parser built',
      'build the parser',
    ]);
    store.getState().dispose();
  });

  it('a window that excludes old messages drops their edges; "all" brings them back', async () => {
    const fleet = await realFleet({ agents: [{ name: 'a' }, { name: 'b' }] });
    const a = { kind: 'agent' as const, id: idOf(fleet.state, 'a') };
    await fleet.orchestrator.invoke(a, 'message.send', { to: { agent: 'b' }, body: 'old news' });
    fleet.clock.advance(10 * 60_000);
    const store = createFlowStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      now: () => fleet.clock.now(),
      refreshMs: 0,
    });
    await store.getState().setWindow('5m');
    expect(store.getState().edges).toEqual({});
    await store.getState().setWindow('all');
    expect(Object.values(store.getState().edges).map((e) => e.count)).toEqual([1]);
    store.getState().dispose();
  });

  it('a live request is unanswered at once; after a reply the host says which request it answered', async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'w1' }] });
    const lead = { kind: 'agent' as const, id: idOf(fleet.state, 'lead') };
    const w1 = { kind: 'agent' as const, id: idOf(fleet.state, 'w1') };
    const store = createFlowStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)), {
      now: () => fleet.clock.now(),
      refreshMs: 0,
    });
    await store.getState().refresh();
    const key = edgeKey(lead.id, w1.id);
    const ask = async (body: string) =>
      (
        (await fleet.orchestrator.invoke(lead, 'message.send', {
          kind: 'request',
          to: { agent: 'w1' },
          body,
        })) as { messageIds: string[] }
      ).messageIds[0]!;
    const first = await ask('which branch?');
    await ask('which base?');
    expect(store.getState().edges[key]?.unanswered).toBe(2);
    // A reply naming no request answers none; one naming the first answers it alone.
    await fleet.orchestrator.invoke(w1, 'message.send', { kind: 'reply', to: { agent: 'lead' }, body: 'hm' });
    await fleet.orchestrator.invoke(w1, 'message.send', { kind: 'reply', replyTo: first, body: 'main' });
    await vi.waitFor(() => expect(store.getState().edges[key]?.unanswered).toBe(1), { timeout: 5_000 });
    expect(store.getState().edges[edgeKey(w1.id, lead.id)]).toMatchObject({ count: 2, unanswered: 0 });
    store.getState().dispose();
  });
});
