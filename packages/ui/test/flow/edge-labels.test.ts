import { describe, expect, it } from 'vitest';
import type { MessageFlowEdge } from '@switchboard/protocol';
import { clusterLayout, TITLE_BAND, type ClusterLayout } from '../../src/flow/cluster-layout';
import { labelSize, overlappingLabels, placeEdgeLabels, type PlacedLabel } from '../../src/flow/edge-labels';
import { pathOf, routeEdge } from '../../src/flow/edge-route';
import { fromFlow } from '../../src/flow/flow-edges';
import { flowGraph, withoutSilent } from '../../src/flow/flow-graph';
import type { FlowBox } from '../../src/flow/flow-layout';
import { toFlowElements } from '../../src/flow/to-flow-elements';
import { flowEdge, sixtyAgents, TEAMS } from './sixty-agents';

// Edge labels of the flow graph at 60 agents (issue 22, item 6): on the edge, clear of nodes, cluster
// titles and each other; hidden (shown on hover) where there is no room.

const edge = (from: string, to: string, count: number, unanswered = 0) =>
  flowEdge(from, to, { request: count }, unanswered);

const overlaps = (a: FlowBox, b: FlowBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** 60 agents in 6 teams of 10; 40 of them talk in pairs (both ways, some to a neighbour), 20 stay silent. */
async function talkingFleet() {
  const { state, sizes } = await sixtyAgents();
  const byName = Object.fromEntries(Object.values(state.agents).map((a) => [a.name, a.id]));
  const talkers = TEAMS.flatMap((team) => Array.from({ length: 10 }, (_, i) => `${team}-${i}`)).slice(0, 40);
  const edges: MessageFlowEdge[] = [];
  for (let i = 0; i < talkers.length; i += 2) {
    const [a, b] = [byName[talkers[i]!]!, byName[talkers[(i * 7 + 1) % talkers.length]!]!];
    if (a === b) continue;
    edges.push(edge(a, b, 1 + (i % 5), i % 6 === 0 ? 1 : 0), edge(b, a, 1 + (i % 3)));
  }
  const graph = withoutSilent(flowGraph(state.agents, fromFlow(edges)));
  const layout = clusterLayout(
    graph.nodes.map((n) => ({ id: n.id, cluster: n.team ?? '' })),
    undefined,
    { clusterSizes: sizes, aspect: 16 / 9 },
  );
  const unanswered = Object.fromEntries(graph.edges.map((e) => [e.id, e.unanswered]));
  return { graph, layout, unanswered };
}

function obstaclesOf(layout: ClusterLayout): FlowBox[] {
  return [
    ...Object.values(layout.boxes),
    ...layout.clusters.map(({ box }) => ({ ...box, height: TITLE_BAND })),
  ];
}

describe('edge labels at 60 agents', () => {
  it('sit on their edge, overlap no node, no cluster title and no other label; most edges keep one', async () => {
    const { graph, layout, unanswered } = await talkingFleet();
    expect(graph.nodes.length).toBeGreaterThanOrEqual(35);
    const { edges } = toFlowElements(graph, layout, {}, null, { unanswered });
    const labels: Record<string, PlacedLabel | null> = Object.fromEntries(
      edges.map((e) => [e.id, e.data!.label ?? null]),
    );
    const placed = Object.entries(labels).filter((e): e is [string, PlacedLabel] => e[1] !== null);
    expect(overlappingLabels(labels)).toEqual([]);
    for (const [id, label] of placed) {
      for (const box of obstaclesOf(layout))
        if (overlaps(label.box, box)) throw new Error(`label of ${id} overlaps ${JSON.stringify(box)}`);
      // On the edge: its centre lies on one of the route's segments (or in the middle of a hop across
      // the gap between neighbours).
      const points = edges.find((e) => e.id === id)!.data!.points!;
      const within = (v: number, p: number, q: number) => v >= Math.min(p, q) && v <= Math.max(p, q);
      const onRoute = points.slice(1).some((b, i) => {
        const a = points[i]!;
        return (
          (a.y === b.y && label.y === a.y && within(label.x, a.x, b.x)) ||
          (a.x === b.x && label.x === a.x && within(label.y, a.y, b.y))
        );
      });
      const inHop =
        points.length === 4 &&
        Math.abs(points[0]!.y - points[3]!.y) < 20 &&
        within(label.x, points[0]!.x, points[3]!.x) &&
        within(label.y, points[0]!.y, points[3]!.y);
      expect(onRoute || inHop, id).toBe(true);
    }
    expect(placed.length / edges.length).toBeGreaterThan(0.6);
    // Every edge with a request waiting for a reply keeps its label (its `?N` is the flag).
    for (const e of edges)
      if (e.data!.unanswered) expect(labels[e.id], JSON.stringify(e.data!.points)).not.toBeNull();

    // What this replaces: each label in the middle of its route's longest segment overlapped others.
    const naive = Object.fromEntries(
      edges.map((e) => {
        const { labelX, labelY } = pathOf(e.data!.points!);
        const size = labelSize(String(e.data!.edge.count));
        const box = { x: labelX - size.width / 2, y: labelY - size.height / 2, ...size };
        return [e.id, { x: labelX, y: labelY, box }];
      }),
    );
    expect(overlappingLabels(naive).length).toBeGreaterThan(0);
  });

  it('a hop between neighbours carries a short label in the gap, a wide one not; the busier of two edges chooses first', () => {
    const a = { x: 0, y: 0, width: 168, height: 40 };
    const b = { x: 204, y: 0, width: 168, height: 40 };
    const short = routeEdge(a, b);
    const long = [
      { x: 0, y: 100 },
      { x: 400, y: 100 },
    ];
    const labels = placeEdgeLabels(
      [
        { id: 'short', points: short, text: '12', priority: 5 },
        { id: 'wide', points: routeEdge(a, b, 3), text: '1234 ?12', priority: 5 },
        { id: 'quiet', points: long, text: '1', priority: 1 },
        { id: 'busy', points: long, text: '40', priority: 9 },
      ],
      [a, b],
    );
    // The gap between neighbours is 36 px: "12" (20 px) fits on the upright hop, "1234 ?12" (62 px) not.
    expect(labels['short']!.box.x).toBeGreaterThanOrEqual(a.x + a.width);
    expect(labels['short']!.box.x + labels['short']!.box.width).toBeLessThanOrEqual(b.x);
    expect(labels['wide']).toBeNull();
    // Both fit on the long line: the busy one takes the middle, the quiet one moves along.
    expect(labels['busy']).toMatchObject({ x: 200, y: 100 });
    expect(labels['quiet']).not.toBeNull();
    expect(labels['quiet']!.x).not.toBe(200);
    expect(overlappingLabels(labels)).toEqual([]);
  });

  it('a label keeps its last place while it is on its route and free, even where a busier edge would go', () => {
    const line = [
      { x: 0, y: 100 },
      { x: 400, y: 100 },
    ];
    const quiet = { id: 'quiet', points: line, text: '1', priority: 1 };
    const busy = { id: 'busy', points: line, text: '40', priority: 9 };
    const first = placeEdgeLabels([quiet], []);
    expect(first['quiet']).toMatchObject({ x: 200, y: 100 });
    // Without its last place, the busier edge that appears takes the middle and the quiet label moves…
    expect(placeEdgeLabels([quiet, busy], [])['quiet']!.x).not.toBe(200);
    // …with it, the quiet label stays and the busy one finds another place.
    const kept = placeEdgeLabels([{ ...quiet, previous: first['quiet'] }, busy], []);
    expect(kept['quiet']).toMatchObject({ x: 200, y: 100 });
    expect(kept['busy']).not.toBeNull();
    expect(overlappingLabels(kept)).toEqual([]);
    // A last place that is no longer on the route (the route moved) is not kept.
    const moved = [
      { x: 0, y: 140 },
      { x: 400, y: 140 },
    ];
    expect(
      placeEdgeLabels([{ ...quiet, points: moved, previous: first['quiet'] }], [])['quiet'],
    ).toMatchObject({ y: 140 });
  });

  it('in the 60-agent graph, more messages on every other edge (counts that stay one digit) move no label', async () => {
    const { graph, layout, unanswered } = await talkingFleet();
    const before = toFlowElements(graph, layout, {}, null, { unanswered }).edges;
    const previousLabels = Object.fromEntries(before.map((e) => [e.id, e.data!.label]));
    const busier = {
      ...graph,
      // The busier edges would now choose first; the counts stay one digit, so every label still fits.
      edges: graph.edges.map((e, i) => ({ ...e, count: i % 2 && e.count < 6 ? e.count + 4 : e.count })),
    };
    const after = toFlowElements(busier, layout, {}, null, { unanswered, previousLabels }).edges;
    expect(Math.max(...before.map((e) => e.data!.edge.count))).toBeLessThan(6);
    for (const e of after)
      if (previousLabels[e.id])
        expect([e.data!.label?.x, e.data!.label?.y], e.id).toEqual([
          previousLabels[e.id]!.x,
          previousLabels[e.id]!.y,
        ]);
  });
});
