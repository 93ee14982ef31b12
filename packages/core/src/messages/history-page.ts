import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { ENVELOPE, historyFilter, type EnvelopeRow, type HistoryQuery } from './message-rows';

/**
 * A page of history, newest first (`limit + 1` rows: one more says there are more). An agent's (or a pair's)
 * page is read as the newest `limit + 1` of each side (sent, received) from deliveries_sent and
 * deliveries_received (message migration 8), merged: with `sender OR recipient` in one WHERE, SQLite read
 * every copy of the agent and sorted them (9.6 s at 1,000,000 messages, session 22).
 */
export function historyPage(store: Store, query: HistoryQuery): EnvelopeRow[] {
  if (query.agentId === undefined || query.limit === undefined) return scanHistory(store, query);
  const rest = historyFilter({ ...query, agentId: undefined, peerId: undefined }, 'd.');
  const limit = limitClause(query.limit + 1);
  const params: unknown[] = [];
  const side = (sender: string | undefined, recipient: string | undefined) => {
    const clauses = [...(rest.where ? [rest.where.slice('WHERE '.length)] : [])];
    params.push(...rest.params);
    for (const [column, id] of [
      ['d.sender_id', sender],
      ['d.recipient_id', recipient],
    ] as const) {
      if (id === undefined) continue;
      clauses.push(`${column} = ?`);
      params.push(id);
    }
    if (query.before !== undefined) {
      clauses.push('d.cursor < ?');
      params.push(query.before);
    }
    return `SELECT cursor FROM (SELECT d.cursor FROM message_deliveries d WHERE ${clauses.join(' AND ')} ORDER BY d.cursor DESC${limit})`;
  };
  const [agent, peer] = [query.agentId, query.peerId];
  const sides =
    peer === undefined
      ? [side(agent, undefined), side(undefined, agent)]
      : [side(agent, peer), side(peer, agent)];
  return store
    .prepare<unknown[], EnvelopeRow>(
      `${ENVELOPE} WHERE d.cursor IN (${sides.join(' UNION ')}) ORDER BY d.cursor DESC${limit}`,
    )
    .all(...params);
}

/** History with no agent: newest first along the cursor, filters checked on the way. */
function scanHistory(store: Store, query: HistoryQuery): EnvelopeRow[] {
  const { where, params } = historyFilter(query, 'd.');
  let sql = `${ENVELOPE} ${where}`;
  if (query.before !== undefined) {
    sql += `${where ? ' AND' : ' WHERE'} d.cursor < ?`;
    params.push(query.before);
  }
  sql += ' ORDER BY d.cursor DESC';
  if (query.limit !== undefined) sql += limitClause(query.limit + 1);
  return store.prepare<unknown[], EnvelopeRow>(sql).all(...params);
}
