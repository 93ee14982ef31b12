import type { Edge, Node } from '@xyflow/react';
import type { FlowGraph, FlowGraphEdge, FlowGraphNode } from './flow-graph';
import type { FlowLayout } from './flow-layout';

export type FlowAgentNode = Node<{ node: FlowGraphNode }, 'agent'>;
export type FlowMessageEdge = Edge<{ edge: FlowGraphEdge; fromLabel: string; toLabel: string; pulse: number; selected: boolean }, 'message'>;

/**
 * React Flow nodes and edges for the graph at the layout's positions: nodes not laid out yet are hidden,
 * self-addressed edges are left out. `pulses` (per edge id) drives the animation. Pure.
 */
export function toFlowElements(
  graph: FlowGraph,
  layout: FlowLayout,
  pulses: Record<string, number>,
  selectedPair: string | null,
): { nodes: FlowAgentNode[]; edges: FlowMessageEdge[] } {
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
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
      return {
        id: edge.id,
        type: 'message',
        source: edge.from,
        target: edge.to,
        hidden: !layout.boxes[edge.from] || !layout.boxes[edge.to],
        data: { edge, fromLabel, toLabel, pulse: pulses[edge.id] ?? 0, selected: edge.pair === selectedPair },
        ariaLabel: `${edge.channel === 'delegation' ? 'Delegation' : 'Chat'} from ${fromLabel} to ${toLabel}: ${edge.count} message${edge.count === 1 ? '' : 's'}, mostly ${edge.kind}`,
        focusable: true,
      };
    });
  return { nodes, edges };
}
