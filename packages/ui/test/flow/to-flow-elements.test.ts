import { describe, expect, it } from 'vitest';
import { fromFlow } from '../../src/flow/flow-edges';
import { flowGraph } from '../../src/flow/flow-graph';
import {
  SOURCE_LEFT,
  SOURCE_RIGHT,
  TARGET_LEFT,
  TARGET_RIGHT,
  toFlowElements,
} from '../../src/flow/to-flow-elements';
import { idOf, realFleet } from '../real-fleet';

describe('toFlowElements', () => {
  it('places nodes at their boxes, hides the unplaced, and joins the facing sides both ways', async () => {
    const fleet = await realFleet({ agents: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const [a, b, c] = ['a', 'b', 'c'].map((name) => idOf(fleet.state, name)) as [string, string, string];
    const edge = (from: string, to: string) => ({
      from,
      to,
      count: 2,
      byKind: { request: 2 },
      pending: 2,
      acked: 0,
      expired: 0,
      denied: 0,
      paneFailed: 0,
      unanswered: 0,
      deliveryLatencyMs: null,
      lastAt: '2026-01-01T00:00:00.000Z',
    });
    const graph = flowGraph(fleet.state.agents, fromFlow([edge(a, b), edge(b, a), edge(a, c)]));
    const layout = {
      boxes: { [a]: { x: 0, y: 0, width: 100, height: 40 }, [b]: { x: 300, y: 0, width: 100, height: 40 } },
      width: 400,
      height: 40,
    };
    const { nodes, edges } = toFlowElements(graph, layout, {}, null);
    expect(nodes.find((n) => n.id === b)).toMatchObject({ position: { x: 300, y: 0 }, hidden: false });
    expect(nodes.find((n) => n.id === c)?.hidden).toBe(true);
    const forward = edges.find((e) => e.source === a && e.target === b)!;
    const back = edges.find((e) => e.source === b && e.target === a)!;
    expect([forward.sourceHandle, forward.targetHandle]).toEqual([SOURCE_RIGHT, TARGET_LEFT]);
    expect([back.sourceHandle, back.targetHandle]).toEqual([SOURCE_LEFT, TARGET_RIGHT]);
    expect(edges.find((e) => e.target === c)?.hidden).toBe(true);
    expect(forward.ariaLabel).toBe('Chat from a to b: 2 messages, mostly request');
  });
});
