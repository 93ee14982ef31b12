import type { Edge, Node } from '@xyflow/react';
import type { FlowGraph, FlowGraphEdge, FlowGraphNode } from './flow-graph';
import { TITLE_BAND, type ClusterLayout } from './cluster-layout';
import { routeEdge, type Point } from './edge-route';
import { placeEdgeLabels, type PlacedLabel } from './edge-labels';
import type { FlowLayout } from './flow-layout';

/**
 * Handle ids: every node sends from both sides (at a third of its height) and receives on both sides (at
 * two thirds), so A → B and B → A never share both ends.
 */
export const SOURCE_LEFT = 'out-left';
export const SOURCE_RIGHT = 'out-right';
export const TARGET_LEFT = 'in-left';
export const TARGET_RIGHT = 'in-right';

export type FlowAgentNode = Node<{ node: FlowGraphNode; dimmed?: boolean }, 'agent'>;
/** A team's cluster: a labelled box behind its agents. */
export type FlowClusterNode = Node<{ label: string; color: string | null }, 'cluster'>;
export type FlowMessageEdge = Edge<
  {
    edge: FlowGraphEdge;
    fromLabel: string;
    toLabel: string;
    pulse: number;
    selected: boolean;
    /** The orthogonal route through the gutters (cluster layout); absent: React Flow's curve between the handles. */
    points?: Point[];
    dimmed?: boolean;
    /** Requests on this edge the recipient has not replied to (by counts). */
    unanswered?: number;
    /** Where its count label goes on the route; null: no free place, shown only on hover, focus or selection. */
    label?: PlacedLabel | null;
  },
  'message'
>;

export interface FlowExtras {
  /** Cluster titles and colours by cluster id (a team id, '' for no team). */
  clusterLabels?: Record<string, { label: string; color: string | null }>;
  /** While a node is hovered: it and its neighbours; everything else is dimmed. */
  highlighted?: ReadonlySet<string> | null;
  unanswered?: Record<string, number>;
  /** The labels of the previous call by edge id: each keeps its place while it can. */
  previousLabels?: Readonly<Record<string, PlacedLabel | null | undefined>>;
}

/** The clusters of a cluster layout as React Flow nodes, drawn first (behind the agents). Pure. */
export function toClusterNodes(
  layout: ClusterLayout,
  labels: FlowExtras['clusterLabels'] = {},
): FlowClusterNode[] {
  return layout.clusters.map((cluster) => ({
    id: `cluster:${cluster.id || 'none'}`,
    type: 'cluster',
    position: { x: cluster.box.x, y: cluster.box.y },
    width: cluster.box.width,
    height: cluster.box.height,
    data: {
      label: labels[cluster.id]?.label ?? (cluster.id ? cluster.id : 'No team'),
      color: labels[cluster.id]?.color ?? null,
    },
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: -1,
  }));
}

/**
 * React Flow nodes and edges for the graph at the layout's positions: nodes not laid out yet are hidden,
 * self-addressed edges are left out, an edge leaves and enters on the sides that face each other. `pulses` (per edge id) drives the animation. Pure.
 */
export function toFlowElements(
  graph: FlowGraph,
  layout: FlowLayout,
  pulses: Record<string, number>,
  selectedPair: string | null,
  extras: FlowExtras = {},
): { nodes: FlowAgentNode[]; edges: FlowMessageEdge[] } {
  // Routed through the gutters with placed labels on a cluster layout; React Flow's curves otherwise.
  const clustered = 'clusters' in layout ? (layout as ClusterLayout) : null;
  const lit = extras.highlighted ?? null;
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
      data: lit ? { node, dimmed: !lit.has(node.id) } : { node },
      draggable: false,
      connectable: false,
      ariaLabel:
        node.role === 'human'
          ? 'You (the human)'
          : `${node.label}${node.state ? `, ${node.state.replaceAll('_', ' ')}` : ', closed'}`,
    };
  });
  const shown = graph.edges.filter((edge) => edge.from !== edge.to);
  const routes = clustered ? routesOf(shown, clustered) : new Map<string, Point[]>();
  const placed = clustered ? labelsOf(shown, routes, clustered, extras) : {};
  const edges = shown.map((edge): FlowMessageEdge => {
    const fromLabel = labels.get(edge.from) ?? edge.from;
    const toLabel = labels.get(edge.to) ?? edge.to;
    // Leave from the side facing the recipient, so an edge running backwards does not loop round both nodes.
    const forward = centre(edge.to) >= centre(edge.from);
    const points = routes.get(edge.id);
    const unanswered = extras.unanswered?.[edge.id] ?? 0;
    return {
      id: edge.id,
      type: 'message',
      source: edge.from,
      target: edge.to,
      sourceHandle: forward ? SOURCE_RIGHT : SOURCE_LEFT,
      targetHandle: forward ? TARGET_LEFT : TARGET_RIGHT,
      hidden: !layout.boxes[edge.from] || !layout.boxes[edge.to],
      data: {
        edge,
        fromLabel,
        toLabel,
        pulse: pulses[edge.id] ?? 0,
        selected: edge.pair === selectedPair,
        ...(points ? { points, label: placed[edge.id] ?? null } : {}),
        ...(lit ? { dimmed: !(lit.has(edge.from) && lit.has(edge.to)) } : {}),
        ...(unanswered ? { unanswered } : {}),
      },
      ariaLabel: `${edge.channel === 'delegation' ? 'Delegation' : 'Chat'} from ${fromLabel} to ${toLabel}: ${edge.count} message${edge.count === 1 ? '' : 's'}, mostly ${edge.kind}${unanswered ? `, ${unanswered} without a reply` : ''}`,
      focusable: true,
    };
  });
  return { nodes, edges };
}

/** An edge's count as its label shows it (`⇄` in front when it crosses machines). */
export function edgeCountText(edge: FlowGraphEdge): string {
  return `${edge.crossHost ? '⇄ ' : ''}${edge.count}`;
}

/** The whole label: the count, then `?N` for requests without a reply. */
export function edgeLabelText(edge: FlowGraphEdge, unanswered = 0): string {
  return `${edgeCountText(edge)}${unanswered ? ` ?${unanswered}` : ''}`;
}

/**
 * Every edge's route through the gutters, with lanes so parallel parts run apart: the column gutter
 * beside the source by the source's edges, the gutter row above the target by the edges into that row,
 * the column gutter beside the target by the target's edges.
 */
function routesOf(edges: readonly FlowGraphEdge[], layout: FlowLayout): Map<string, Point[]> {
  const counters = new Map<string, number>();
  const next = (key: string) => {
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    return n;
  };
  const routes = new Map<string, Point[]>();
  for (const edge of edges) {
    const [from, to] = [layout.boxes[edge.from], layout.boxes[edge.to]];
    if (!from || !to) continue;
    const lanes = { out: next(`out:${edge.from}`), across: next(`row:${to.y}`), in: next(`in:${edge.to}`) };
    routes.set(edge.id, routeEdge(from, to, lanes));
  }
  return routes;
}

/** Labels placed on the routes, clear of every node, every cluster's title band and each other. */
function labelsOf(
  edges: readonly FlowGraphEdge[],
  routes: ReadonlyMap<string, Point[]>,
  layout: ClusterLayout,
  { unanswered = {}, previousLabels = {} }: FlowExtras,
): Record<string, PlacedLabel | null> {
  const obstacles = [
    ...Object.values(layout.boxes),
    ...layout.clusters.map(({ box }) => ({ ...box, height: TITLE_BAND })),
  ];
  const requests = edges.flatMap((edge) => {
    const points = routes.get(edge.id);
    return points
      ? [
          {
            id: edge.id,
            points,
            text: edgeLabelText(edge, unanswered[edge.id]),
            // Edges with requests waiting for a reply choose first: their `?N` is the flag.
            priority: edge.count + (unanswered[edge.id] ? 1e6 : 0),
            previous: previousLabels[edge.id] ?? null,
          },
        ]
      : [];
  });
  return placeEdgeLabels(requests, obstacles);
}
