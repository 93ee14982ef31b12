import { limitClause } from '../store/sql-limit';
import { INBOX_COLUMNS, placeholders, type InboxQuery } from './message-rows';

/** The columns of an `InboxRow` that come from the message, not its copy. */
const MESSAGE_COLUMNS = new Set(['body', 'correlation_id', 'reply_to', 'traceparent']);
/** An `InboxRow`'s columns: what `toMessage` shows. */
export const INBOX = `SELECT ${INBOX_COLUMNS.map((c) => `${MESSAGE_COLUMNS.has(c) ? 'm' : 'd'}.${c}`).join(', ')}
  FROM message_deliveries d JOIN messages m ON m.id = d.message_id`;
/**
 * The SQL of a recipient's owed copies (`select`: `INBOX` or message-rows' `ENVELOPE`), at most `limit + 1`: after a cursor in
 * cursor order, or without one by priority then cursor, read in that order from `deliveries_open` (message
 * migration 9) rather than sorting every open copy of the inbox (~0.3 µs a copy: ~3 ms at the 10,000 quota).
 */
export function owedCopiesSql(select: string, query: InboxQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [query.recipientId, query.nowMs];
  let sql = `${select} WHERE d.recipient_id = ? AND d.state IN ('queued', 'delivered') AND (d.expires_ms IS NULL OR d.expires_ms > ?)`;
  if (query.cursor !== undefined) {
    sql += ' AND d.cursor > ?';
    params.push(query.cursor);
  }
  if (query.kinds?.length) {
    sql += ` AND d.kind IN (${placeholders(query.kinds.length)})`;
    params.push(...query.kinds);
  }
  sql += query.cursor !== undefined ? ' ORDER BY d.cursor' : ' ORDER BY d.priority DESC, d.cursor';
  sql += limitClause(query.limit + 1);
  return { sql, params };
}
