import type { AgentState, MessageFlowEdge, MessageKind } from '@switchboard/protocol';
import { HUMAN_INBOX } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { edgeKey, type FlowEdges } from './flow-edges';

/** Delegation (handing work over: `handoff`, `instruction`) is drawn apart from chat (everything else). */
export type FlowChannel = 'delegation' | 'chat';

export const DELEGATION_KINDS: ReadonlySet<string> = new Set<MessageKind>(['handoff', 'instruction']);

export interface FlowGraphNode {
  id: string;
  label: string;
  /** The agent's state; null for the human and for agents closed since they sent. */
  state: AgentState | null;
  role: 'agent' | 'human' | 'closed';
  /** The agent's team; null for agents in no team, the human and closed agents. */
  team: string | null;
  /** The remote host it runs on (docs/remote.md); absent on this machine (and for the human and closed agents). */
  host?: string;
}

export interface FlowGraphEdge {
  /** Unique per sender → recipient and channel. */
  id: string;
  from: string;
  to: string;
  channel: FlowChannel;
  count: number;
  byKind: Record<string, number>;
  /** The kind most of its messages had (ties: the first in MessageKind order). */
  kind: MessageKind;
  /** Stroke width in pixels, growing with the log of the count. */
  width: number;
  lastAt: string;
  /** The key of the message-flow edge it comes from (`from → to`). */
  pair: string;
  /** Requests along it no reply answers (the host matches them by reply-to and correlation id); chat only. */
  unanswered: number;
  /** Its messages cross machines (sender and recipient on different hosts); absent when they do not. */
  crossHost?: true;
}

export interface FlowGraph {
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

const KIND_ORDER: readonly MessageKind[] = [
  'handoff',
  'instruction',
  'request',
  'reply',
  'notification',
  'event',
];

/** Stroke width for a message count: 1.5 px for one, +1.25 px per doubling, at most 9 px. */
export function edgeWidth(count: number): number {
  return Math.min(9, 1.5 + 1.25 * Math.log2(Math.max(1, count)));
}

function dominantKind(byKind: Record<string, number>): MessageKind {
  let best: MessageKind = 'notification';
  let most = 0;
  for (const kind of KIND_ORDER) {
    const count = byKind[kind] ?? 0;
    if (count > most) [best, most] = [kind, count];
  }
  return best;
}

/** Splits one message-flow edge into its delegation part and its chat part (either may be empty). */
function split(edge: MessageFlowEdge): FlowGraphEdge[] {
  const parts: Record<FlowChannel, Record<string, number>> = { delegation: {}, chat: {} };
  for (const [kind, count] of Object.entries(edge.byKind)) {
    if (count > 0) parts[DELEGATION_KINDS.has(kind) ? 'delegation' : 'chat'][kind] = count;
  }
  const pair = edgeKey(edge.from, edge.to);
  return (['delegation', 'chat'] as const).flatMap((channel) => {
    const byKind = parts[channel];
    const count = Object.values(byKind).reduce((sum, n) => sum + n, 0);
    if (count === 0) return [];
    return [
      {
        id: `${pair}:${channel}`,
        from: edge.from,
        to: edge.to,
        channel,
        count,
        byKind,
        kind: dominantKind(byKind),
        width: edgeWidth(count),
        lastAt: edge.lastAt,
        pair,
        unanswered: channel === 'chat' ? edge.unanswered : 0,
      },
    ];
  });
}

/**
 * The graph to draw: every agent of the fleet as a node (plus the human and closed agents when they
 * appear in the flow, a closed one by the name `goneName` knows for it, as every view names it, else by the start
 * of its id), and per sender → recipient one edge for delegation and one for chat. Pure.
 */
export function flowGraph(
  agentsById: FleetState['agents'],
  edges: FlowEdges,
  goneName: (id: string) => string | undefined = () => undefined,
): FlowGraph {
  const nodes = new Map<string, FlowGraphNode>();
  const agents = Object.values(agentsById).sort((a, b) => a.name.localeCompare(b.name));
  for (const agent of agents)
    nodes.set(agent.id, {
      id: agent.id,
      label: agent.name,
      state: agent.state,
      role: 'agent',
      team: agent.teamId,
      ...(agent.host === undefined ? {} : { host: agent.host }),
    });
  const ensure = (id: string) => {
    if (nodes.has(id)) return;
    nodes.set(
      id,
      id === HUMAN_INBOX
        ? { id, label: 'You', state: null, role: 'human', team: null }
        : {
            id,
            label: `${goneName(id) ?? id.slice(0, 14)} (closed)`,
            state: null,
            role: 'closed',
            team: null,
          },
    );
  };
  const graphEdges: FlowGraphEdge[] = [];
  for (const edge of Object.values(edges)) {
    if (edge.count === 0) continue;
    ensure(edge.from);
    ensure(edge.to);
    const across = nodes.get(edge.from)?.host !== nodes.get(edge.to)?.host;
    graphEdges.push(...split(edge).map((e) => (across ? { ...e, crossHost: true as const } : e)));
  }
  graphEdges.sort((a, b) => a.id.localeCompare(b.id));
  return { nodes: [...nodes.values()], edges: graphEdges };
}

/** A structural key: changes when a node or a sender → recipient pair comes or goes, not when counts move. */
export function graphShapeKey(graph: FlowGraph): string {
  return `${graph.nodes.map((n) => `${n.id}=${n.label}`).join(',')}|${graph.edges.map((e) => e.id).join(',')}`;
}

/** Above this many agents the graph hides agents that sent and received nothing in the window, unless asked. */
export const HIDE_SILENT_ABOVE = 20;

/** The graph without nodes that have no edge (the human stays if it has one). Pure. */
export function withoutSilent(graph: FlowGraph): FlowGraph {
  const talking = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
  return { nodes: graph.nodes.filter((n) => talking.has(n.id)), edges: graph.edges };
}

/**
 * Requests without a reply, per edge id: the request copies on `a → b` that no reply from b to a answers,
 * matched one by one by the host (`message.flow`'s `unanswered`: reply-to or correlation id), so a request is
 * flagged once and a reply to another request answers nothing here. Pure.
 */
export function unansweredRequests(graph: FlowGraph): Record<string, number> {
  return Object.fromEntries(graph.edges.filter((e) => e.unanswered > 0).map((e) => [e.id, e.unanswered]));
}

/** The node ids joined to `id` by an edge, and `id` itself. Pure. */
export function neighbourhood(graph: FlowGraph, id: string): Set<string> {
  const near = new Set([id]);
  for (const edge of graph.edges) {
    if (edge.from === id) near.add(edge.to);
    if (edge.to === id) near.add(edge.from);
  }
  return near;
}
