// The flow graph aggregated in SQL, a chunk of copies at a time, gives what the fold of every row in
// JavaScript gave (the code before session 23, kept here as the reference) on generated traffic.
// Real SQLite (in memory) with the messages domain's own tables.
import { describe, expect, it } from 'vitest';
import type { MessageFlowEdge } from '@switchboard/protocol';
import { messageFlow } from '../../src/messages/message-flow';
import { historyFilter, type DeliveryRow, type HistoryQuery } from '../../src/messages/message-rows';
import type { Store } from '../../src/store/store';
import { T0, traffic } from './generated-traffic';

/** The code before session 23: every copy read into JavaScript and folded there. */
function referenceFlow(store: Store, query: HistoryQuery): MessageFlowEdge[] {
  const { where, params } = historyFilter(query, 'd.');
  const rows = store
    .prepare<unknown[], DeliveryRow & { unanswered: 0 | 1 }>(
      `SELECT d.*, CASE WHEN d.kind = 'request' THEN NOT EXISTS (
          SELECT 1 FROM message_deliveries rd JOIN messages r ON r.id = rd.message_id
          WHERE rd.recipient_id = d.sender_id AND rd.sender_id = d.recipient_id AND rd.kind = 'reply'
            AND rd.created_ms <= ? AND (r.reply_to = d.message_id OR r.correlation_id = coalesce(m.correlation_id, m.id))
        ) ELSE 0 END AS unanswered
      FROM message_deliveries d JOIN messages m ON m.id = d.message_id ${where} ORDER BY d.cursor`,
    )
    .all(query.untilMs ?? Number.MAX_SAFE_INTEGER, ...params);
  const edges = new Map<string, { edge: MessageFlowEdge; latencies: number[] }>();
  for (const row of rows) {
    const key = `${row.sender_id}\u0000${row.recipient_id}`;
    const entry = edges.get(key) ?? {
      edge: {
        ...{ from: row.sender_id, to: row.recipient_id, count: 0, byKind: {}, pending: 0, acked: 0 },
        ...{ expired: 0, denied: 0, paneFailed: 0, unanswered: 0, deliveryLatencyMs: null, lastAt: '' },
      },
      latencies: [],
    };
    edges.set(key, entry);
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
    edge.lastAt = new Date(Math.max(Date.parse(edge.lastAt || '1970-01-01'), row.created_ms)).toISOString();
  }
  const rank = (n: number, p: number) => Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  return [...edges.values()]
    .map(({ edge, latencies }) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      const n = sorted.length;
      const summary = n
        ? {
            p50: sorted[rank(n, 50)]!,
            p99: sorted[rank(n, 99)]!,
            max: sorted[n - 1]!,
            mean: sorted.reduce((sum, x) => sum + x, 0) / n,
          }
        : null;
      return { ...edge, deliveryLatencyMs: summary };
    })
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

describe('message.flow in SQL', () => {
  const store = traffic(4_000);
  const queries: Record<string, HistoryQuery> = {
    everything: {},
    'a window': { sinceMs: T0 + 1_000_000, untilMs: T0 + 2_500_000 },
    'until before the last replies': { untilMs: T0 + 3_000_000 },
    'two kinds': { kinds: ['request', 'reply'] },
    'a team': { teamIds: ['team-1'] },
    'a team in a window, one kind': {
      teamIds: ['team-0', 'team-2'],
      kinds: ['request'],
      sinceMs: T0 + 500_000,
    },
    'nothing matches': { sinceMs: T0 + 10_000_000 },
  };

  for (const [name, query] of Object.entries(queries)) {
    it(`gives the fold's edges: ${name}, in one chunk and in chunks of 333 and 1 copies`, async () => {
      const expected = referenceFlow(store, query);
      if (name !== 'nothing matches') expect(expected.length).toBeGreaterThan(5);
      expect(await messageFlow(store, query)).toEqual(expected);
      expect(await messageFlow(store, query, 333)).toEqual(expected);
      if (name === 'a window') expect(await messageFlow(store, query, 1)).toEqual(expected);
    });
  }

  it('counts requests answered and unanswered, and latencies with ties, as the fold does', () => {
    const edges = referenceFlow(store, {});
    expect(edges.reduce((n, e) => n + e.unanswered, 0)).toBeGreaterThan(50);
    expect(edges.reduce((n, e) => n + (e.byKind['request'] ?? 0) - e.unanswered, 0)).toBeGreaterThan(50);
    expect(edges.some((e) => e.paneFailed > 0 && e.denied > 0 && e.expired > 0 && e.pending > 0)).toBe(true);
  });

  it('reads ranges of cursors and the ends of the table by the rowid: no statement scans the whole table', async () => {
    const statements: string[] = [];
    const watched: Store = {
      ...store,
      prepare: (sql) => {
        statements.push(sql);
        return store.prepare(sql);
      },
    };
    await messageFlow(watched, {}, 1_000);
    const plans = [...new Set(statements)].map((sql) =>
      store
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(
          ...(sql.includes('@until') ? [{ until: 0 }] : []),
          ...Array<number>(sql.split('?').length - 1).fill(0),
        )
        .map((r) => r.detail),
    );
    expect(plans.length).toBeGreaterThanOrEqual(3);
    for (const plan of plans)
      expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual(
        plan.filter((step) => step === 'SCAN CONSTANT ROW'),
      );
  });

  it('gives the event loop a turn between chunks, and none when one chunk holds every copy', async () => {
    const turnDuring = async (chunk: number) => {
      let turn = false;
      setImmediate(() => (turn = true));
      await messageFlow(store, {}, chunk);
      return turn;
    };
    expect(await turnDuring(100)).toBe(true);
    expect(await turnDuring(10_000)).toBe(false);
  });
});
