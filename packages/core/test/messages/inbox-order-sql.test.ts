// A receive or peek without a cursor reads the inbox by priority, then cursor, along an index in that order
// (`deliveries_open`): no sort of every open copy (before session 24 SQLite sorted them all, ~3 ms a receive at the
// 10,000-copy quota). Real SQLite (in memory) with the messages domain's own tables, on generated traffic.
import { describe, expect, it } from 'vitest';
import { INBOX, owedCopiesSql } from '../../src/messages/inbox-sql';
import type { InboxQuery } from '../../src/messages/message-rows';
import { T0, traffic } from './generated-traffic';

describe('the inbox read in SQL', () => {
  const store = traffic(3_000);
  // Mixed priorities, so that the order is more than the cursor's.
  store.prepare('UPDATE message_deliveries SET priority = cursor % 4').run();
  const read = (query: InboxQuery) => {
    const { sql, params } = owedCopiesSql(INBOX, query);
    return {
      plan: store
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail),
      rows: store
        .prepare<unknown[], { cursor: number; priority: number }>(sql)
        .all(...params)
        .map(pick),
    };
  };
  const open = (recipient: string) =>
    store
      .prepare<[string], { cursor: number; priority: number }>(
        `SELECT cursor, priority FROM message_deliveries WHERE recipient_id = ? AND state IN ('queued', 'delivered')`,
      )
      .all(recipient)
      .sort((a, b) => b.priority - a.priority || a.cursor - b.cursor);

  it.each([
    ['every kind', undefined],
    ['some kinds', ['request', 'instruction'] as const],
  ])('without a cursor (%s): by priority then cursor, with no sort', (_name, kinds) => {
    const { plan, rows } = read({ recipientId: 'agent-3', nowMs: T0, limit: 20, kinds });
    expect(plan.join(' | ')).not.toContain('TEMP B-TREE');
    expect(plan.join(' | ')).toContain('deliveries_open');
    if (kinds === undefined) expect(rows).toEqual(open('agent-3').slice(0, 21).map(pick));
    else expect(rows.length).toBeGreaterThan(0);
  });

  it('after a cursor: in cursor order, with no sort', () => {
    const after = open('agent-3')[5]!.cursor;
    const { plan, rows } = read({ recipientId: 'agent-3', nowMs: T0, limit: 20, cursor: after });
    expect(plan.join(' | ')).not.toContain('TEMP B-TREE');
    const expected = open('agent-3')
      .filter((r) => r.cursor > after)
      .sort((a, b) => a.cursor - b.cursor)
      .slice(0, 21);
    expect(rows).toEqual(expected);
  });
});

const pick = (row: { cursor: number; priority: number }) => ({ cursor: row.cursor, priority: row.priority });
