import { describe, expect, it } from 'vitest';
import type { MessageFlowEdge } from '@switchboard/protocol';
import { emptyFleet, type FleetState } from '../../src/store/fleet-state';
import { fromFlow } from '../../src/flow/flow-edges';
import { flowGraph } from '../../src/flow/flow-graph';
import { labelBox, layoutFlow, nodeWidth, overlappingBoxes, type FlowBox } from '../../src/flow/flow-layout';

/** A small deterministic generator (mulberry32), so the graph is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds = ['instruction', 'request', 'reply', 'notification', 'event', 'handoff'];

function fleetOf(count: number): FleetState {
  const agents: FleetState['agents'] = {};
  for (let i = 0; i < count; i++) {
    const id = `agent-${String(i).padStart(3, '0')}`;
    // Names of very different lengths, the longest the contract allows being 64 characters.
    const name = i % 17 === 0 ? `a-very-long-agent-name-for-the-layout-${i}` : `agent-${i}`;
    agents[id] = {
      id,
      name,
      kind: 'shell',
      command: null,
      cwd: null,
      teamId: null,
      role: 'builder',
      state: 'idle',
      stateSince: '2026-01-01T00:00:00.000Z',
      paneId: null,
      position: i,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
  }
  return { ...emptyFleet, agents };
}

function edgesOf(ids: string[], count: number, next: () => number): MessageFlowEdge[] {
  const seen = new Set<string>();
  const edges: MessageFlowEdge[] = [];
  while (edges.length < count) {
    const from = ids[Math.floor(next() * ids.length)]!;
    const to = ids[Math.floor(next() * ids.length)]!;
    if (from === to || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    const kind = kinds[Math.floor(next() * kinds.length)]!;
    const n = 1 + Math.floor(next() * 40);
    edges.push({
      from,
      to,
      count: n,
      byKind: { [kind]: n },
      pending: n,
      acked: 0,
      expired: 0,
      denied: 0,
      paneFailed: 0,
      unanswered: 0,
      deliveryLatencyMs: null,
      lastAt: '2026-01-01T00:00:00.000Z',
    });
  }
  return edges;
}

/**
 * The 100-agent layout waits on nothing: it is ~2.7 CPU-s of elkjs (loading it 0.3, a cold layout 2.4 of which ~1
 * is V8 compiling it; docs/performance.md "Session 18: flakes"). Its deadline is a hang guard, not a speed claim
 * (bench/flow-graph times layouts): at Vitest's 30 s it failed when the e2e lane left this worker ~10 % of a core.
 */
const CPU_BOUND_HANG_GUARD_MS = 180_000;

describe('layoutFlow', () => {
  it(
    'lays out 100 agents and 300 edges with no two node labels overlapping',
    async () => {
      const fleet = fleetOf(100);
      const graph = flowGraph(fleet.agents, fromFlow(edgesOf(Object.keys(fleet.agents), 300, random(7))));
      expect(graph.nodes).toHaveLength(100);
      expect(new Set(graph.edges.map((e) => e.pair)).size).toBe(300);
      const layout = await layoutFlow(graph);
      const labels: Record<string, FlowBox> = {};
      for (const node of graph.nodes) {
        const box = layout.boxes[node.id]!;
        expect(box.width).toBe(nodeWidth(node.label));
        labels[node.id] = labelBox(box, node.label);
        // The label lies inside its node's box, so boxes apart means labels apart.
        expect(labels[node.id]!.x).toBeGreaterThanOrEqual(box.x);
        expect(labels[node.id]!.x + labels[node.id]!.width).toBeLessThanOrEqual(box.x + box.width);
      }
      expect(Object.keys(labels)).toHaveLength(100);
      expect(overlappingBoxes(labels)).toEqual([]);
      expect(overlappingBoxes(layout.boxes)).toEqual([]);
    },
    CPU_BOUND_HANG_GUARD_MS,
  );

  it('overlappingBoxes finds boxes that overlap and ignores ones that only touch', () => {
    const boxes = {
      a: { x: 0, y: 0, width: 10, height: 10 },
      b: { x: 10, y: 0, width: 10, height: 10 },
      c: { x: 5, y: 5, width: 10, height: 10 },
    };
    expect(overlappingBoxes(boxes)).toEqual([
      ['a', 'c'],
      ['c', 'b'],
    ]);
  });
});
