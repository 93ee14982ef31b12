import { setImmediate as nextTurn } from 'node:timers/promises';
import { emptyFlowEdge, type LatencySummary, type MessageFlowEdge } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { historyFilter, type HistoryQuery } from './message-rows';

/**
 * How long one step of the flow graph may hold the event loop. Steps are ranges of cursors: the first has
 * FIRST_CHUNK_CURSORS, each next one is fitted to this from the last one's time (a copy costs ~3–10 µs
 * here, more on a loaded machine). See docs/performance.md, "Session 23: the message tables read in SQL".
 */
export const FLOW_CHUNK_MS = 10;
const FIRST_CHUNK_CURSORS = 1_000;
/** A range fitted while copies were cheap may meet dear ones (requests, whose replies are looked up): ~50–100 ms at most. */
const MAX_CHUNK_CURSORS = 16_000;

/** The next step after `cursors` took `ms`: toward FLOW_CHUNK_MS, within 100..MAX_CHUNK_CURSORS. */
function fitted(cursors: number, ms: number): number {
  if (ms > FLOW_CHUNK_MS) return Math.max(100, Math.floor((cursors * FLOW_CHUNK_MS) / ms));
  if (ms < FLOW_CHUNK_MS / 2) return Math.min(MAX_CHUNK_CURSORS, cursors * 2);
  return cursors;
}

/** One (sender, recipient, kind) group of a chunk: counts by state and the requests no reply answers. */
interface KindGroup {
  sender: string;
  recipient: string;
  kind: string;
  n: number;
  acked: number;
  expired: number;
  denied: number;
  pane_failed: number;
  unanswered: number;
  last_ms: number;
}

/** How many delivered copies of one edge (in a chunk) took `latency` ms from send to first delivery. */
interface LatencyGroup {
  sender: string;
  recipient: string;
  latency: number;
  n: number;
}

interface Edge {
  edge: MessageFlowEdge;
  /** Latency (ms) → copies: exact percentiles without a sample per copy. */
  latencies: Map<number, number>;
  lastMs: number;
}

/**
 * A request copy is unanswered unless its recipient replied to its sender by `until`: a reply whose `reply_to`
 * is that request, or in its correlation (a request without one is its own: a reply's correlation defaults to
 * the request's id). Replies are found from the request's side through messages_reply_to and
 * messages_correlation (message migration 7), not by walking every copy the sender ever received.
 */
const REPLIED = (match: string) => `EXISTS (
    SELECT 1 FROM messages r CROSS JOIN message_deliveries rd
    WHERE ${match} AND rd.message_id = r.id AND rd.recipient_id = d.sender_id
      AND rd.sender_id = d.recipient_id AND rd.kind = 'reply' AND rd.created_ms <= @until)`;
const UNANSWERED = `CASE WHEN d.kind = 'request' THEN NOT (${REPLIED('r.reply_to = d.message_id')}
    OR ${REPLIED('r.correlation_id = (SELECT coalesce(q.correlation_id, q.id) FROM messages q WHERE q.id = d.message_id)')})
  ELSE 0 END`;

/**
 * The message-flow graph (one edge per sender → recipient, busiest first) aggregated by SQL, a range of
 * cursors at a time (FLOW_CHUNK_MS each) with a turn of the event loop between ranges: nothing grows in
 * JavaScript with the copies but each edge's latency counts. Copies sent after the call started are left
 * out. `chunkCursors` fixes the range's size (tests).
 */
export async function messageFlow(
  store: Store,
  query: HistoryQuery,
  chunkCursors?: number,
): Promise<MessageFlowEdge[]> {
  const { where, params } = historyFilter(query, 'd.');
  const inChunk = `${where ? `${where} AND` : 'WHERE'} d.cursor > ? AND d.cursor <= ?`;
  const kinds = store.prepare<unknown[], KindGroup>(
    `SELECT d.sender_id AS sender, d.recipient_id AS recipient, d.kind AS kind, count(*) AS n,
      sum(d.state = 'acked') AS acked, sum(d.state = 'expired') AS expired, sum(d.state = 'denied') AS denied,
      sum(d.pane_state = 'failed') AS pane_failed, sum(${UNANSWERED}) AS unanswered, max(d.created_ms) AS last_ms
    FROM message_deliveries d ${inChunk} GROUP BY d.sender_id, d.recipient_id, d.kind`,
  );
  const latencies = store.prepare<unknown[], LatencyGroup>(
    `SELECT d.sender_id AS sender, d.recipient_id AS recipient, max(0, d.delivered_ms - d.created_ms) AS latency,
      count(*) AS n
    FROM message_deliveries d ${inChunk} AND d.delivered_ms IS NOT NULL GROUP BY 1, 2, 3`,
  );
  const bounds = cursorBounds(store, query);
  const edges = new Map<string, Edge>();
  let rangeMs = 0;
  const until = query.untilMs ?? Number.MAX_SAFE_INTEGER;
  let cursors = chunkCursors ?? FIRST_CHUNK_CURSORS;
  for (let from = bounds.low - 1; from < bounds.high; from += cursors) {
    if (from >= bounds.low) {
      await nextTurn();
      cursors = chunkCursors ?? fitted(cursors, rangeMs);
    }
    const started = performance.now();
    const to = Math.min(from + cursors, bounds.high);
    for (const group of kinds.all({ until }, ...params, from, to)) addKinds(edges, group);
    for (const group of latencies.all(...params, from, to)) addLatency(edges, group);
    rangeMs = performance.now() - started;
  }
  return [...edges.values()]
    .map(({ edge, latencies: counts, lastMs }) => ({
      ...edge,
      deliveryLatencyMs: summarizeLatency(counts),
      lastAt: new Date(lastMs).toISOString(),
    }))
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/**
 * The cursors the window can hold: every copy's without a time window (two look-ups of the rowid's ends:
 * `min()` and `max()` in one SELECT are not optimized, and scanned the table — 55–80 ms CPU at 1,000,000);
 * with one, those of the copies sent in it (one walk of deliveries_created over the window).
 */
function cursorBounds(store: Store, query: HistoryQuery): { low: number; high: number } {
  type Bounds = { low: number | null; high: number | null };
  const row =
    query.sinceMs === undefined && query.untilMs === undefined
      ? store
          .prepare<[], Bounds>(
            `SELECT (SELECT min(cursor) FROM message_deliveries) AS low, (SELECT max(cursor) FROM message_deliveries) AS high`,
          )
          .get()!
      : store
          .prepare<[number, number], Bounds>(
            'SELECT min(cursor) AS low, max(cursor) AS high FROM message_deliveries WHERE created_ms >= ? AND created_ms <= ?',
          )
          .get(query.sinceMs ?? Number.MIN_SAFE_INTEGER, query.untilMs ?? Number.MAX_SAFE_INTEGER)!;
  return { low: row.low ?? 1, high: row.high ?? 0 };
}

function edgeOf(edges: Map<string, Edge>, sender: string, recipient: string): Edge {
  const key = `${sender}\u0000${recipient}`;
  let entry = edges.get(key);
  if (!entry) {
    // Its latency summary and last time are filled in at the end.
    entry = {
      edge: emptyFlowEdge(sender, recipient, ''),
      latencies: new Map(),
      lastMs: Number.NEGATIVE_INFINITY,
    };
    edges.set(key, entry);
  }
  return entry;
}

function addKinds(edges: Map<string, Edge>, group: KindGroup): void {
  const entry = edgeOf(edges, group.sender, group.recipient);
  const { edge } = entry;
  edge.count += group.n;
  edge.byKind[group.kind] = (edge.byKind[group.kind] ?? 0) + group.n;
  edge.acked += group.acked;
  edge.expired += group.expired;
  edge.denied += group.denied;
  edge.pending += group.n - group.acked - group.expired - group.denied;
  edge.paneFailed += group.pane_failed;
  edge.unanswered += group.unanswered;
  entry.lastMs = Math.max(entry.lastMs, group.last_ms);
}

function addLatency(edges: Map<string, Edge>, group: LatencyGroup): void {
  const { latencies } = edgeOf(edges, group.sender, group.recipient);
  latencies.set(group.latency, (latencies.get(group.latency) ?? 0) + group.n);
}

/** Nearest-rank p50 and p99, max and mean of the latencies counted (value → copies); null for none. */
export function summarizeLatency(counts: ReadonlyMap<number, number>): LatencySummary | null {
  const values = [...counts.keys()].sort((a, b) => a - b);
  let total = 0;
  let sum = 0;
  for (const value of values) {
    total += counts.get(value)!;
    sum += value * counts.get(value)!;
  }
  if (total === 0) return null;
  const rank = (p: number) => Math.min(total - 1, Math.max(0, Math.ceil((p / 100) * total) - 1));
  const at = (index: number) => {
    let seen = 0;
    for (const value of values) {
      seen += counts.get(value)!;
      if (seen > index) return value;
    }
    return values[values.length - 1]!;
  };
  return { p50: at(rank(50)), p99: at(rank(99)), max: values[values.length - 1]!, mean: sum / total };
}
