import { emptyFlowEdge, type MessageFlowEdge, type SwitchboardEvent } from '@switchboard/protocol';

/** Message-flow edges keyed by `from → to`, as message.flow reported them plus what events added since. */
export type FlowEdges = Record<string, MessageFlowEdge>;

export function edgeKey(from: string, to: string): string {
  return `${from}\u2192${to}`;
}

/** Keys the edges message.flow returned. Pure. */
export function fromFlow(edges: readonly MessageFlowEdge[]): FlowEdges {
  return Object.fromEntries(edges.map((edge) => [edgeKey(edge.from, edge.to), edge]));
}

/**
 * The edges after a `message.sent` event: one more message (one copy per recipient) on each
 * sender → recipient edge, counted under its kind and as pending (a request also as unanswered). Other
 * events change nothing. Pure.
 */
export function applySent(edges: FlowEdges, event: SwitchboardEvent): FlowEdges {
  if (event.type !== 'message.sent') return edges;
  const next = { ...edges };
  for (const recipient of event.recipientIds) {
    const key = edgeKey(event.senderId, recipient);
    const known = next[key];
    const base: MessageFlowEdge = known ?? emptyFlowEdge(event.senderId, recipient, event.at);
    next[key] = {
      ...base,
      count: base.count + 1,
      byKind: { ...base.byKind, [event.kind]: (base.byKind[event.kind] ?? 0) + 1 },
      pending: base.pending + 1,
      // A request just sent has no reply yet; which request a reply answers only the host knows (the store re-reads).
      unanswered: base.unanswered + (event.kind === 'request' ? 1 : 0),
      lastAt: event.at > base.lastAt ? event.at : base.lastAt,
    };
  }
  return next;
}

export type FlowWindow = '5m' | '1h' | 'all';

export const FLOW_WINDOWS: readonly { window: FlowWindow; label: string; ms: number | null }[] = [
  { window: '5m', label: '5 min', ms: 5 * 60_000 },
  { window: '1h', label: '1 hour', ms: 60 * 60_000 },
  { window: 'all', label: 'All', ms: null },
];

/** The `since` to ask message.flow for: the window's start at `now`, or undefined for all time. */
export function windowSince(window: FlowWindow, now: number): string | undefined {
  const ms = FLOW_WINDOWS.find((w) => w.window === window)?.ms ?? null;
  return ms === null ? undefined : new Date(now - ms).toISOString();
}
