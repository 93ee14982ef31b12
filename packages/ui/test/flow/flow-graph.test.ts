import { describe, expect, it } from 'vitest';
import { applyEvent, humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import { applySent, edgeKey, fromFlow, windowSince } from '../../src/flow/flow-edges';
import { edgeWidth, flowGraph, graphShapeKey } from '../../src/flow/flow-graph';
import { goneName } from '../../src/store/shown-name';
import { idOf, realFleet } from '../real-fleet';

describe('live edges', () => {
  it('message.sent events counted with applySent give the counts message.flow reports', async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'w1' }, { name: 'w2' }] });
    const [lead, w1, w2] = ['lead', 'w1', 'w2'].map((name) => ({
      kind: 'agent' as const,
      id: idOf(fleet.state, name),
    }));
    const events: SwitchboardEvent[] = [];
    fleet.orchestrator.subscribe((event) => events.push(event));
    await fleet.orchestrator.invoke(lead!, 'message.send', {
      kind: 'instruction',
      to: [{ agent: 'w1' }, { agent: 'w2' }],
      body: 'build it',
    });
    await fleet.orchestrator.invoke(w1!, 'message.send', {
      kind: 'reply',
      to: { agent: 'lead' },
      body: 'done',
    });
    await fleet.orchestrator.invoke(w2!, 'message.send', {
      kind: 'request',
      to: { agent: 'lead' },
      body: 'which branch?',
    });
    await fleet.orchestrator.invoke(w2!, 'message.send', {
      kind: 'request',
      to: { agent: 'lead' },
      body: 'and which base?',
    });
    const live = events.reduce(applySent, {});
    const host = (await fleet.orchestrator.invoke(humanCaller, 'message.flow', {})) as {
      edges: Parameters<typeof fromFlow>[0];
    };
    const counts = (edges: ReturnType<typeof fromFlow>) =>
      Object.fromEntries(
        Object.entries(edges).map(([key, e]) => [
          key,
          { count: e.count, byKind: e.byKind, unanswered: e.unanswered },
        ]),
      );
    expect(counts(live)).toEqual(counts(fromFlow(host.edges)));
    expect(live[edgeKey(w2!.id, lead!.id)]).toMatchObject({
      count: 2,
      byKind: { request: 2 },
      unanswered: 2,
    });
  });

  it('windowSince is the window start, or nothing for all time', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(windowSince('5m', now)).toBe('2026-01-01T11:55:00.000Z');
    expect(windowSince('1h', now)).toBe('2026-01-01T11:00:00.000Z');
    expect(windowSince('all', now)).toBeUndefined();
  });
});

describe('flowGraph', () => {
  it('keeps delegation and chat of one pair apart, adds the human, and weights by count', async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'w1' }, { name: 'idle-one' }] });
    const lead = idOf(fleet.state, 'lead');
    const w1 = idOf(fleet.state, 'w1');
    const edge = (from: string, to: string, byKind: Record<string, number>) => ({
      from,
      to,
      byKind,
      count: Object.values(byKind).reduce((s, n) => s + n, 0),
      pending: 0,
      acked: 0,
      expired: 0,
      denied: 0,
      paneFailed: 0,
      unanswered: 0,
      deliveryLatencyMs: null,
      lastAt: '2026-01-01T00:00:00.000Z',
    });
    const graph = flowGraph(
      fleet.state.agents,
      fromFlow([
        edge(lead, w1, { instruction: 3, handoff: 1, notification: 2 }),
        edge(w1, 'human', { request: 1 }),
      ]),
    );
    expect(graph.nodes.map((n) => n.label).sort()).toEqual(['You', 'idle-one', 'lead', 'w1']);
    // Edge ids hold agent ids (random), so compare without their order.
    expect(
      graph.edges
        .map((e) => [e.from, e.to, e.channel, e.count, e.kind])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual(
      [
        [lead, w1, 'chat', 2, 'notification'],
        [lead, w1, 'delegation', 4, 'instruction'],
        [w1, 'human', 'chat', 1, 'request'],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    expect(edgeWidth(1)).toBe(1.5);
    expect(edgeWidth(8)).toBeGreaterThan(edgeWidth(2));
    expect(edgeWidth(1_000_000)).toBe(9);
  });

  it('graphShapeKey changes when a pair appears, not when a count moves', async () => {
    const fleet = await realFleet({ agents: [{ name: 'a' }, { name: 'b' }] });
    const [a, b] = [idOf(fleet.state, 'a'), idOf(fleet.state, 'b')];
    const sent = (from: string, to: string, sequence: number): SwitchboardEvent => ({
      type: 'message.sent',
      sequence,
      at: '2026-01-01T00:00:00.000Z',
      messageId: `m${sequence}`,
      kind: 'request',
      priority: 'normal',
      senderId: from,
      recipientIds: [to],
      correlationId: null,
      held: false,
    });
    const one = applySent({}, sent(a, b, 1));
    const two = applySent(one, sent(a, b, 2));
    const back = applySent(two, sent(b, a, 3));
    expect(graphShapeKey(flowGraph(fleet.state.agents, one))).toBe(
      graphShapeKey(flowGraph(fleet.state.agents, two)),
    );
    expect(graphShapeKey(flowGraph(fleet.state.agents, back))).not.toBe(
      graphShapeKey(flowGraph(fleet.state.agents, two)),
    );
  });
});

// Review of session 25's "(closed)" names: the side list read "bob (closed)" and the node "agent-1234abcd (closed)".
describe('a closed agent in the flow', () => {
  it('is a node named as every view names it, "bob (closed)", else by the start of its id', async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'bob' }] });
    const [lead, bob] = [idOf(fleet.state, 'lead'), idOf(fleet.state, 'bob')];
    const state = applyEvent(fleet.state, {
      type: 'agent.closed',
      agentId: bob,
      sequence: fleet.state.sequence + 1,
      at: '2026-12-08T03:00:00.000Z',
    });
    const edges = applySent(
      {},
      {
        type: 'message.sent',
        messageId: 'm1',
        senderId: lead,
        recipientIds: [bob],
        kind: 'request',
        priority: 'normal',
        correlationId: null,
        held: false,
        sequence: 1,
        at: '2026-12-08T03:00:00.000Z',
      },
    );
    const label = (graph: ReturnType<typeof flowGraph>) => graph.nodes.find((n) => n.id === bob)?.label;
    expect(label(flowGraph(state.agents, edges, (id) => goneName(state, id)))).toBe('bob (closed)');
    expect(label(flowGraph(state.agents, edges))).toBe(`${bob.slice(0, 14)} (closed)`);
  });
});

describe('messages across machines', () => {
  it('marks the edges whose sender and recipient run on different hosts, and names a remote agent’s host', async () => {
    const fleet = await realFleet({ agents: [{ name: 'lead' }, { name: 'far' }, { name: 'near' }] });
    const id = (name: string) => idOf(fleet.state, name);
    // `far` runs on the remote host "box" (docs/remote.md): the agent record says so.
    const agents = { ...fleet.state.agents, [id('far')]: { ...fleet.state.agents[id('far')]!, host: 'box' } };
    const sent = (from: string, to: string, sequence: number): SwitchboardEvent => ({
      type: 'message.sent',
      messageId: `m${sequence}`,
      senderId: from,
      recipientIds: [to],
      kind: 'notification',
      priority: 'normal',
      correlationId: null,
      held: false,
      sequence,
      at: '2026-12-06T05:00:00.000Z',
    });
    const edges = [
      sent(id('far'), id('lead'), 1),
      sent(id('near'), id('lead'), 2),
      sent(id('lead'), id('far'), 3),
    ].reduce(applySent, {});
    const graph = flowGraph(agents, edges);
    const across = (from: string, to: string) =>
      graph.edges.find((e) => e.from === id(from) && e.to === id(to))?.crossHost ?? false;
    expect(across('far', 'lead')).toBe(true);
    expect(across('lead', 'far')).toBe(true);
    expect(across('near', 'lead')).toBe(false);
    expect(graph.nodes.find((n) => n.id === id('far'))?.host).toBe('box');
    expect(graph.nodes.find((n) => n.id === id('near'))?.host).toBeUndefined();
  });
});
