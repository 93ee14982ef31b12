// An agent's (or a pair's) history page read as the newest of each side (sent, received) and merged gives
// the rows the one `sender OR recipient` query gave (the code before session 23, kept here as the
// reference), page after page, with every filter; and the plan reads each side along its index, in order.
// Real SQLite (in memory) with the messages domain's own tables, on generated traffic.
import { describe, expect, it } from 'vitest';
import { historyPage } from '../../src/messages/history-page';
import { historyFilter, type EnvelopeRow, type HistoryQuery } from '../../src/messages/message-rows';
import type { Store } from '../../src/store/store';
import { T0, traffic } from './generated-traffic';

/** The code before session 23: one WHERE with the agent on either side, newest first. */
function referenceHistory(store: Store, query: HistoryQuery & { limit: number }): number[] {
  const { where, params } = historyFilter(query, 'd.');
  let sql = `SELECT d.cursor FROM message_deliveries d JOIN messages m ON m.id = d.message_id ${where}`;
  if (query.before !== undefined) {
    sql += `${where ? ' AND' : ' WHERE'} d.cursor < ?`;
    params.push(query.before);
  }
  return store
    .prepare<unknown[], { cursor: number }>(`${sql} ORDER BY d.cursor DESC LIMIT ${query.limit + 1}`)
    .all(...params)
    .map((r) => r.cursor);
}

describe('message.history of an agent, in SQL pages', () => {
  const store = traffic(3_000);
  // A message to oneself (sender and recipient the same agent) is one row of its history, not two.
  store
    .prepare(
      `INSERT INTO messages (id, kind, sender_id, body, priority, content_hash, created_ms)
    VALUES ('self', 'notification', 'agent-3', 'me', 1, 's', ${T0 + 5_000_000})`,
    )
    .run();
  store
    .prepare(
      `INSERT INTO message_deliveries (message_id, recipient_id, sender_id, kind, priority, content_hash,
    state, created_ms) VALUES ('self', 'agent-3', 'agent-3', 'notification', 1, 's', 'queued', ${T0 + 5_000_000})`,
    )
    .run();
  const cases: Record<string, HistoryQuery & { limit: number }> = {
    'an agent': { agentId: 'agent-3', limit: 50 },
    'a pair': { agentId: 'agent-3', peerId: 'agent-5', limit: 20 },
    'the human': { agentId: 'human', limit: 40 },
    'an agent, two kinds, a window': {
      agentId: 'agent-1',
      kinds: ['request', 'reply'],
      sinceMs: T0 + 200_000,
      untilMs: T0 + 2_000_000,
      limit: 7,
    },
    'a pair in a team': { agentId: 'agent-2', peerId: 'agent-7', teamIds: ['team-0'], limit: 3 },
    nobody: { agentId: 'agent-404', limit: 10 },
  };

  for (const [name, query] of Object.entries(cases)) {
    it(`gives the rows the one query gave, every page: ${name}`, () => {
      let before: number | undefined;
      let pages = 0;
      for (;;) {
        const page = { ...query, ...(before === undefined ? {} : { before }) };
        const expected = referenceHistory(store, page);
        const rows: EnvelopeRow[] = historyPage(store, page);
        expect(rows.map((r) => r.cursor)).toEqual(expected);
        pages++;
        if (rows.length <= query.limit) break;
        before = rows[query.limit - 1]!.cursor;
      }
      if (name !== 'nobody') expect(pages).toBeGreaterThan(1);
    });
  }

  it('reads each side newest first along its own index: no sort of every copy of the agent', () => {
    const plan = (sql: string) =>
      store
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...['a', 'b'].slice(0, sql.split('?').length - 1))
        .map((r) => r.detail);
    const side = (column: string, extra = '') =>
      plan(
        `SELECT d.cursor FROM message_deliveries d WHERE d.${column} = ?${extra} ORDER BY d.cursor DESC LIMIT 101`,
      );
    expect(side('sender_id')).toEqual([expect.stringContaining('USING COVERING INDEX deliveries_sent')]);
    expect(side('recipient_id')).toEqual([
      expect.stringContaining('USING COVERING INDEX deliveries_received'),
    ]);
    expect(side('sender_id', ' AND d.recipient_id = ?').join()).not.toContain('TEMP B-TREE');
  });
});
