import type { Edge, Node } from '@xyflow/react';
import type { FlowGraph, FlowGraphEdge, FlowGraphNode } from './flow-graph';
import type { FlowLayout } from './flow-layout';

/**
 * Handle ids: every node sends from both sides (at a third of its height) and receives on both sides (at
 * two thirds), so A → B and B → A never share both ends.
 */
export const SOURCE_LEFT = 'out-left';
export const SOURCE_RIGHT = 'out-right';
export const TARGET_LEFT = 'in-left';
export const TARGET_RIGHT = 'in-right';

export type FlowAgentNode = Node<{ node: FlowGraphNode }, 'agent'>;
export type FlowMessageEdge = Edge<{ edge: FlowGraphEdge; fromLabel: string; toLabel: string; pulse: number; selected: boolean }, 'message'>;

/**
 * React Flow nodes and edges for the graph at the layout's positions: nodes not laid out yet are hidden,
 * self-addressed edges are left out, an edge leaves and enters on the sides that face each other. `pulses` (per edge id) drives the animation. Pure.
 */
export function toFlowElements(
  graph: FlowGraph,
  layout: FlowLayout,
  pulses: Record<string, number>,
  selectedPair: string | null,
): { nodes: FlowAgentNode[]; edges: FlowMessageEdge[] } {
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const centre = (id: string) => {
    const box = layout.boxes[id];
    return box ? box.x + box.width / 2 : 0;
  };
  const nodes = graph.nodes.map((node): FlowAgentNode => {
    const box = layout.boxes[node.id];
    return {
      id: node.id,
      type: 'agent',
      position: { x: box?.x ?? 0, y: box?.y ?? 0 },
      width: box?.width,
      height: box?.height,
      hidden: !box,
      data: { node },
      draggable: false,
      connectable: false,
      ariaLabel: node.role === 'human' ? 'You (the human)' : `${node.label}${node.state ? `, ${node.state.replaceAll('_', ' ')}` : ', closed'}`,
    };
  });
  const edges = graph.edges
    .filter((edge) => edge.from !== edge.to)
    .map((edge): FlowMessageEdge => {
      const fromLabel = labels.get(edge.from) ?? edge.from;
      const toLabel = labels.get(edge.to) ?? edge.to;
      // Leave from the side facing the recipient, so an edge running backwards does not loop round both nodes.
      const forward = centre(edge.to) >= centre(edge.from);
      return {
        id: edge.id,
        type: 'message',
        source: edge.from,
        target: edge.to,
        sourceHandle: forward ? SOURCE_RIGHT : SOURCE_LEFT,
        targetHandle: forward ? TARGET_LEFT : TARGET_RIGHT,
        hidden: !layout.boxes[edge.from] || !layout.boxes[edge.to],
        data: { edge, fromLabel, toLabel, pulse: pulses[edge.id] ?? 0, selected: edge.pair === selectedPair },
        ariaLabel: `${edge.channel === 'delegation' ? 'Delegation' : 'Chat'} from ${fromLabel} to ${toLabel}: ${edge.count} message${edge.count === 1 ? '' : 's'}, mostly ${edge.kind}`,
        focusable: true,
      };
    });
  return { nodes, edges };
}
