import { describe, expect, it } from 'vitest';
import type { MessageFlowEdge } from '@switchboard/protocol';
import { clusterLayout, type ClusterLayout } from '../../src/flow/cluster-layout';
import { routeEdge, segmentCrossesBox } from '../../src/flow/edge-route';
import { fromFlow } from '../../src/flow/flow-edges';
import {
  flowGraph,
  neighbourhood,
  unansweredRequests,
  withoutSilent,
  type FlowGraph,
} from '../../src/flow/flow-graph';
import { overlappingBoxes } from '../../src/flow/flow-layout';
import { flowEdge, sixtyAgents, TEAMS } from './sixty-agents';

// The flow graph at scale (issue 22, item 6), on a 60-agent fleet a real core made (6 teams of 10).

const edge = flowEdge;

/** Every team's size: the room its cluster keeps (the view passes the same). */
const sizesOf = (graph: FlowGraph) => {
  const sizes: Record<string, number> = {};
  for (const node of graph.nodes) sizes[node.team ?? ''] = (sizes[node.team ?? ''] ?? 0) + 1;
  return sizes;
};

const place = (
  graph: FlowGraph,
  previous: ClusterLayout | undefined,
  order: string[],
  clusterSizes: Record<string, number> = {},
  aspect = 16 / 9,
) =>
  clusterLayout(
    graph.nodes.map((n) => ({ id: n.id, cluster: n.team ?? '' })),
    previous,
    { clusterOrder: order, clusterSizes, aspect },
  );

const clusterBoxes = (layout: ClusterLayout) => Object.fromEntries(layout.clusters.map((c) => [c.id, c.box]));

describe('clusterLayout', () => {
  it('groups agents by team, no two boxes overlap, every box lies inside its cluster', async () => {
    const { state, order } = await sixtyAgents();
    const graph = flowGraph(state.agents, {});
    const layout = place(graph, undefined, order, sizesOf(graph));
    expect(Object.keys(layout.boxes)).toHaveLength(60);
    expect(overlappingBoxes(layout.boxes)).toEqual([]);
    expect(overlappingBoxes(clusterBoxes(layout))).toEqual([]);
    expect(layout.clusters.map((c) => c.id)).toEqual(order);
    for (const node of graph.nodes) {
      const box = layout.boxes[node.id]!;
      const cluster = layout.clusters.find((c) => c.id === node.team)!.box;
      expect(box.x).toBeGreaterThanOrEqual(cluster.x);
      expect(box.x + box.width).toBeLessThanOrEqual(cluster.x + cluster.width);
      expect(box.y + box.height).toBeLessThanOrEqual(cluster.y + cluster.height);
    }
  });

  it('wraps the clusters of 60 agents into rows that fit a 16:9 canvas, and a 4:3 one into more rows', async () => {
    const { state, order } = await sixtyAgents();
    const graph = flowGraph(state.agents, {});
    const wide = place(graph, undefined, order, sizesOf(graph), 16 / 9);
    const rowsOf = (layout: ClusterLayout) => new Set(layout.clusters.map((c) => c.box.y)).size;
    expect(rowsOf(wide)).toBeGreaterThan(1);
    expect(rowsOf(wide)).toBeLessThanOrEqual(3);
    // The whole graph is about as wide as the canvas for its height: readable when fitted.
    expect(wide.width / wide.height).toBeGreaterThan(16 / 9 / 1.5);
    expect(wide.width / wide.height).toBeLessThan((16 / 9) * 1.5);
    const square = place(graph, undefined, order, sizesOf(graph), 4 / 3);
    expect(rowsOf(square)).toBeGreaterThanOrEqual(rowsOf(wide));
    expect(overlappingBoxes(clusterBoxes(square))).toEqual([]);
  });

  it('with silent agents hidden, clusters that appear later join the rows and nothing shown moves', async () => {
    const { state, order, id } = await sixtyAgents();
    const sizes = sizesOf(flowGraph(state.agents, {}));
    const talks: MessageFlowEdge[] = [];
    let previous: ClusterLayout | undefined;
    // Pairs start talking one by one, across teams: each step keeps every node and cluster in place.
    const teams = TEAMS;
    for (let i = 0; i < 24; i++) {
      const from = `${teams[i % 6]}-${i % 10}`;
      const to = `${teams[(i * 5 + 1) % 6]}-${(i * 3 + 1) % 10}`;
      talks.push(edge(id(from), id(to), { request: 1 }));
      const layout = place(withoutSilent(flowGraph(state.agents, fromFlow(talks))), previous, order, sizes);
      expect(overlappingBoxes(layout.boxes)).toEqual([]);
      expect(overlappingBoxes(clusterBoxes(layout))).toEqual([]);
      if (previous) {
        for (const [nodeId, box] of Object.entries(previous.boxes)) expect(layout.boxes[nodeId]).toEqual(box);
        for (const cluster of previous.clusters) {
          const now = layout.clusters.find((c) => c.id === cluster.id)!.box;
          expect([now.x, now.y]).toEqual([cluster.box.x, cluster.box.y]);
        }
      }
      previous = layout;
    }
    expect(new Set(previous!.clusters.map((c) => c.box.y)).size).toBeGreaterThan(1);
  });

  it('a cluster that outgrows its cell above another row is laid out again: never an overlap', () => {
    // Teams a–d of 2 agents: two to a row on a square canvas; then team a grows to 9 shown agents.
    const nodes = (countA: number) => [
      ...Array.from({ length: countA }, (_, i) => ({ id: `a${i}`, cluster: 'a' })),
      ...['b', 'c', 'd'].flatMap((c) => [0, 1].map((i) => ({ id: `${c}${i}`, cluster: c }))),
    ];
    const sizes = { a: 2, b: 2, c: 2, d: 2 };
    const first = clusterLayout(nodes(2), undefined, { clusterSizes: sizes, aspect: 1 });
    expect(new Set(first.clusters.map((c) => c.box.y)).size).toBeGreaterThan(1);
    const grown = clusterLayout(nodes(9), first, { clusterSizes: { ...sizes, a: 9 }, aspect: 1 });
    expect(Object.keys(grown.boxes)).toHaveLength(15);
    expect(overlappingBoxes(grown.boxes)).toEqual([]);
    expect(overlappingBoxes(clusterBoxes(grown))).toEqual([]);
    expect(grown.boxes['a0']).toEqual(first.boxes['a0']);
  });

  it('is incremental: when a new pair starts talking, every node already shown keeps its position', async () => {
    const { state, order, id } = await sixtyAgents();
    const before = withoutSilent(
      flowGraph(
        state.agents,
        fromFlow([
          edge(id('api-0'), id('web-3'), { request: 2 }),
          edge(id('ops-1'), id('api-0'), { instruction: 1 }),
        ]),
      ),
    );
    const sizes = sizesOf(flowGraph(state.agents, {}));
    const first = place(before, undefined, order, sizes);
    expect(Object.keys(first.boxes).sort()).toEqual([id('api-0'), id('web-3'), id('ops-1')].sort());
    const after = withoutSilent(
      flowGraph(
        state.agents,
        fromFlow([
          edge(id('api-0'), id('web-3'), { request: 2 }),
          edge(id('ops-1'), id('api-0'), { instruction: 1 }),
          edge(id('qa-7'), id('api-5'), { request: 1 }),
          edge(id('web-3'), id('docs-2'), { notification: 4 }),
        ]),
      ),
    );
    const second = place(after, first, order, sizes);
    for (const [nodeId, box] of Object.entries(first.boxes)) expect(second.boxes[nodeId]).toEqual(box);
    expect(Object.keys(second.boxes)).toHaveLength(6);
    expect(overlappingBoxes(second.boxes)).toEqual([]);
    // A node that goes quiet and comes back gets its old slot again.
    const third = place(before, second, order, sizes);
    const fourth = place(after, third, order, sizes);
    expect(fourth.boxes).toEqual(second.boxes);
  });

  it('a node coming back to a slot another node took meanwhile gets a free one: never two in one place', () => {
    const a = clusterLayout([{ id: 'a', cluster: 't' }]);
    const b = clusterLayout([{ id: 'b', cluster: 't' }], a);
    const both = clusterLayout(
      [
        { id: 'a', cluster: 't' },
        { id: 'b', cluster: 't' },
      ],
      b,
    );
    expect(both.boxes['a']).toEqual(a.boxes['a']);
    expect(overlappingBoxes(both.boxes)).toEqual([]);
  });
});

describe('routeEdge', () => {
  it('routes every edge of a busy 60-agent graph through the gutters: no segment crosses a node other than its ends', async () => {
    const { state, order } = await sixtyAgents();
    const ids = Object.keys(state.agents).sort();
    const edges = ids
      .flatMap((from, i) => [
        edge(from, ids[(i * 7 + 3) % 60]!, { request: 1 }),
        edge(from, ids[(i * 13 + 11) % 60]!, { reply: 1 }),
      ])
      .filter((e) => e.from !== e.to);
    const graph = flowGraph(state.agents, fromFlow(edges));
    const layout = place(graph, undefined, order, sizesOf(graph));
    expect(new Set(layout.clusters.map((c) => c.box.y)).size).toBeGreaterThan(1);
    let checked = 0;
    graph.edges.forEach((e, lane) => {
      const points = routeEdge(layout.boxes[e.from]!, layout.boxes[e.to]!, lane);
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1]!, points[i]!];
        expect(a.x === b.x || a.y === b.y).toBe(true);
        for (const [nodeId, box] of Object.entries(layout.boxes)) {
          if (nodeId === e.from || nodeId === e.to) continue;
          if (segmentCrossesBox(a, b, box)) throw new Error(`edge ${e.id} crosses ${nodeId}`);
          checked++;
        }
      }
    });
    expect(checked).toBeGreaterThan(10_000);
  });

  it('segmentCrossesBox sees a segment through a box and not one along its border', () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    expect(segmentCrossesBox({ x: -5, y: 5 }, { x: 15, y: 5 }, box)).toBe(true);
    expect(segmentCrossesBox({ x: -5, y: 10 }, { x: 15, y: 10 }, box)).toBe(false);
  });
});

describe('graph helpers', () => {
  it("hides silent agents, flags the requests the host found without a reply (chat edges only) and finds a node's neighbours", async () => {
    const { state, id } = await sixtyAgents();
    // The host matched replies to requests (core's message-flow test): 2 of api-0's 3 and qa-1's one are open.
    const graph = flowGraph(
      state.agents,
      fromFlow([
        edge(id('api-0'), id('web-3'), { request: 3, instruction: 2 }, 2),
        edge(id('web-3'), id('api-0'), { reply: 3 }),
        edge(id('qa-1'), id('api-0'), { request: 1 }, 1),
      ]),
    );
    expect(graph.edges.filter((e) => e.from === id('api-0')).map((e) => [e.channel, e.unanswered])).toEqual([
      ['chat', 2],
      ['delegation', 0],
    ]);
    expect(
      withoutSilent(graph)
        .nodes.map((n) => n.label)
        .sort(),
    ).toEqual(['api-0', 'qa-1', 'web-3']);
    const open = unansweredRequests(graph);
    expect(open).toEqual({
      [graph.edges.find((e) => e.from === id('api-0') && e.channel === 'chat')!.id]: 2,
      [graph.edges.find((e) => e.from === id('qa-1'))!.id]: 1,
    });
    expect([...neighbourhood(graph, id('api-0'))].sort()).toEqual(
      [id('api-0'), id('web-3'), id('qa-1')].sort(),
    );
  });
});
