import type { LatencySummary, MessageFlowEdge } from '@switchboard/protocol';
import type { FlowRow } from './message-repository';

function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export function summarizeLatency(samples: readonly number[]): LatencySummary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

/** Folds delivery rows into one edge per sender → recipient (unanswered requests counted), busiest first. */
export function messageFlow(rows: readonly FlowRow[]): MessageFlowEdge[] {
  const edges = new Map<
    string,
    { edge: Omit<MessageFlowEdge, 'deliveryLatencyMs' | 'lastAt'>; latencies: number[]; lastMs: number }
  >();
  for (const row of rows) {
    const key = `${row.sender_id}\u0000${row.recipient_id}`;
    let entry = edges.get(key);
    if (!entry) {
      entry = {
        edge: {
          from: row.sender_id,
          to: row.recipient_id,
          count: 0,
          byKind: {},
          pending: 0,
          acked: 0,
          expired: 0,
          denied: 0,
          paneFailed: 0,
          unanswered: 0,
        },
        latencies: [],
        lastMs: row.created_ms,
      };
      edges.set(key, entry);
    }
    const { edge } = entry;
    edge.count++;
    edge.byKind[row.kind] = (edge.byKind[row.kind] ?? 0) + 1;
    if (row.state === 'acked') edge.acked++;
    else if (row.state === 'expired') edge.expired++;
    else if (row.state === 'denied') edge.denied++;
    else edge.pending++;
    if (row.pane_state === 'failed') edge.paneFailed++;
    if (row.unanswered) edge.unanswered++;
    if (row.delivered_ms !== null) entry.latencies.push(Math.max(0, row.delivered_ms - row.created_ms));
    entry.lastMs = Math.max(entry.lastMs, row.created_ms);
  }
  return [...edges.values()]
    .map(({ edge, latencies, lastMs }) => ({
      ...edge,
      deliveryLatencyMs: summarizeLatency(latencies),
      lastAt: new Date(lastMs).toISOString(),
    }))
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
