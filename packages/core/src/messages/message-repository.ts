import type { DeliveryState, PaneDeliveryState } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { INBOX, owedCopiesSql } from './inbox-sql';
import { RecentCopies, type RecentCopiesOptions } from './recent-copies';
import {
  ENVELOPE,
  placeholders,
  type AckRow,
  type DeliveryRow,
  type EnvelopeRow,
  type InboxQuery,
  type InboxRow,
  type MessageRow,
  type SentRow,
} from './message-rows';

export { LIVE_STATES, PRIORITIES, toMessage } from './message-rows';
export type {
  AckRow,
  DeliveryRow,
  EnvelopeRow,
  HistoryQuery,
  InboxQuery,
  InboxRow,
  MessageRow,
  SentRow,
} from './message-rows';

/** An `AckRow`'s columns. */
const ACK_COLUMNS = 'cursor, message_id, state';

/** SQL for messages and deliveries; no rules here, only rows in and out. */
export class MessageRepository {
  /** Copies of the dedupe window by recipient and content hash (no index on the hash: see recent-copies). */
  private readonly recent: RecentCopies;

  constructor(
    private readonly store: Store,
    dedupe: RecentCopiesOptions,
  ) {
    this.recent = new RecentCopies(store, dedupe);
  }

  insertMessage(row: MessageRow): void {
    this.store
      .prepare(
        `INSERT INTO messages (id, kind, sender_id, sender_team_id, body, correlation_id, reply_to, priority, content_hash, created_ms, expires_ms, traceparent)
        VALUES (@id, @kind, @sender_id, @sender_team_id, @body, @correlation_id, @reply_to, @priority, @content_hash, @created_ms, @expires_ms, @traceparent)`,
      )
      .run(row);
  }

  /** A recipient's open copies (held, queued, received) and their body bytes (message_inbox_usage, kept by triggers). */
  inboxUsage(recipientId: string): { open: number; bytes: number } {
    return (
      this.store
        .prepare<[string], { open: number; bytes: number }>(
          'SELECT open, bytes FROM message_inbox_usage WHERE recipient_id = ?',
        )
        .get(recipientId) ?? { open: 0, bytes: 0 }
    );
  }

  /** Inserts one recipient's copy and returns its cursor. */
  insertDelivery(
    row: Omit<
      DeliveryRow,
      'cursor' | 'delivered_ms' | 'acked_ms' | 'ended_ms' | 'receive_count' | 'pane_attempts' | 'pane_reason'
    >,
  ): number {
    const result = this.store
      .prepare(
        `INSERT INTO message_deliveries (message_id, recipient_id, recipient_team_id, sender_id, sender_team_id, kind, priority,
          content_hash, state, created_ms, expires_ms, pane_state)
        VALUES (@message_id, @recipient_id, @recipient_team_id, @sender_id, @sender_team_id, @kind, @priority,
          @content_hash, @state, @created_ms, @expires_ms, @pane_state)`,
      )
      .run(row);
    const cursor = Number(result.lastInsertRowid);
    this.recent.added(row.recipient_id, row.content_hash, cursor, row.created_ms);
    return cursor;
  }

  setDecisionRef(messageId: string, reference: string): void {
    this.store.prepare('UPDATE messages SET decision_ref = ? WHERE id = ?').run(reference, messageId);
  }

  findMessage(id: string): MessageRow | undefined {
    return this.store.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?').get(id);
  }

  /** The message if this agent sent it or was sent a copy of it: what an agent may reply to. */
  findMessageOf(id: string, agentId: string): MessageRow | undefined {
    return this.store
      .prepare<[string, string, string], MessageRow>(
        `SELECT * FROM messages m WHERE m.id = ? AND (m.sender_id = ? OR EXISTS
          (SELECT 1 FROM message_deliveries d WHERE d.message_id = m.id AND d.recipient_id = ?))`,
      )
      .get(id, agentId, agentId);
  }

  /** The instructions and handoffs among these message ids (one statement whatever their number). */
  instructionsAmong(ids: readonly string[]): { id: string; body: string; created_ms: number }[] {
    if (ids.length === 0) return [];
    return this.store
      .prepare<[string], { id: string; body: string; created_ms: number }>(
        `SELECT id, body, created_ms FROM messages
        WHERE id IN (SELECT value FROM json_each(?)) AND kind IN ('instruction', 'handoff')`,
      )
      .all(JSON.stringify(ids));
  }

  /**
   * The messages sent in [fromMs, toMs], oldest first, at most `limit`, each with its recipients' ids; with
   * `agentIds`, only those one of them sent or received (a fleet bundle's messages file).
   */
  sentBetween(
    fromMs: number,
    toMs: number,
    agentIds: readonly string[] | undefined,
    limit: number,
  ): (SentRow & { recipients: string[] })[] {
    return this.store
      .prepare<{ from: number; to: number; agents: string | null }, SentRow & { recipients: string }>(
        `SELECT m.id, m.kind, m.sender_id, m.body, m.correlation_id, m.reply_to, m.priority, m.created_ms,
           (SELECT json_group_array(d.recipient_id) FROM message_deliveries d WHERE d.message_id = m.id) AS recipients
         FROM messages m WHERE m.created_ms BETWEEN @from AND @to AND (@agents IS NULL
           OR m.sender_id IN (SELECT value FROM json_each(@agents))
           OR EXISTS (SELECT 1 FROM message_deliveries d WHERE d.message_id = m.id
             AND d.recipient_id IN (SELECT value FROM json_each(@agents))))
         ORDER BY m.created_ms, m.id${limitClause(limit)}`,
      )
      .all({ from: fromMs, to: toMs, agents: agentIds === undefined ? null : JSON.stringify(agentIds) })
      .map((row) => ({ ...row, recipients: JSON.parse(row.recipients) as string[] }));
  }

  /** The earlier message with the same content hash this recipient got since `sinceMs` (not expired or denied). */
  findDuplicate(recipientId: string, contentHash: string, sinceMs: number): string | undefined {
    return this.recent.duplicateOf(recipientId, contentHash, sinceMs);
  }

  /** Copies owed to a recipient and visible to it (not held, not expired by time), at most `limit + 1`. */
  pending(query: InboxQuery): EnvelopeRow[] {
    return this.owed(ENVELOPE, query);
  }

  /**
   * `pending` with only what a receive or a peek shows (`InboxRow`): every column a row has costs its
   * reading on every receive (issue 21: the inbox query was ~5 % of the host's busy time over HTTP).
   */
  inbox(query: InboxQuery): InboxRow[] {
    return this.owed(INBOX, query);
  }

  private owed<R>(select: string, query: InboxQuery): R[] {
    const { sql, params } = owedCopiesSql(select, query);
    return this.store.prepare<unknown[], R>(sql).all(...params);
  }

  /**
   * Marks copies as returned to their recipient; the first time sets `delivered_ms`. Which ones are
   * delivered for the first time the caller knows from the rows it just read (`delivered_ms` null).
   */
  markDelivered(cursors: readonly number[], nowMs: number): void {
    if (cursors.length === 0) return;
    this.store
      .prepare(
        `UPDATE message_deliveries SET state = 'delivered', delivered_ms = coalesce(delivered_ms, ?), receive_count = receive_count + 1
        WHERE cursor IN (${placeholders(cursors.length)}) AND state IN ('queued', 'delivered')`,
      )
      .run(nowMs, ...cursors);
  }

  deliveriesOf(recipientId: string, messageIds: readonly string[]): AckRow[] {
    return this.store
      .prepare<unknown[], AckRow>(
        `SELECT ${ACK_COLUMNS} FROM message_deliveries WHERE recipient_id = ? AND message_id IN (${placeholders(messageIds.length)})`,
      )
      .all(recipientId, ...messageIds);
  }

  /** Received, unacknowledged copies up to a cursor. */
  deliveredUpTo(recipientId: string, upTo: number): AckRow[] {
    return this.store
      .prepare<[string, number], AckRow>(
        `SELECT ${ACK_COLUMNS} FROM message_deliveries WHERE recipient_id = ? AND cursor <= ? AND state = 'delivered'`,
      )
      .all(recipientId, upTo);
  }

  ack(cursors: readonly number[], nowMs: number): void {
    if (cursors.length === 0) return;
    this.store
      .prepare(
        `UPDATE message_deliveries SET state = 'acked', acked_ms = ?, ended_ms = ?, delivered_ms = coalesce(delivered_ms, ?)
        WHERE cursor IN (${placeholders(cursors.length)}) AND state IN ('queued', 'delivered')`,
      )
      .run(nowMs, nowMs, nowMs, ...cursors);
  }

  /** Every open (queued or received), unexpired copy of an inbox up to a cursor becomes acked; returns those. */
  ackOpen(recipientId: string, upTo: number, nowMs: number): AckRow[] {
    return this.store
      .prepare<[number, number, number, string, number, number], AckRow>(
        `UPDATE message_deliveries SET state = 'acked', acked_ms = ?, ended_ms = ?, delivered_ms = coalesce(delivered_ms, ?)
        WHERE recipient_id = ? AND state IN ('queued', 'delivered') AND (expires_ms IS NULL OR expires_ms > ?) AND cursor <= ?
        RETURNING ${ACK_COLUMNS}`,
      )
      .all(nowMs, nowMs, nowMs, recipientId, nowMs, upTo);
  }

  /** Live copies whose TTL ran out by `nowMs`. */
  due(nowMs: number): DeliveryRow[] {
    return this.store
      .prepare<[number], DeliveryRow>(
        `SELECT * FROM message_deliveries WHERE expires_ms IS NOT NULL AND expires_ms <= ?
        AND state IN ('held', 'queued', 'delivered') ORDER BY cursor`,
      )
      .all(nowMs);
  }

  setState(cursors: readonly number[], state: DeliveryState, endedMs: number | null): void {
    if (cursors.length === 0) return;
    this.store
      .prepare(
        `UPDATE message_deliveries SET state = ?, ended_ms = ? WHERE cursor IN (${placeholders(cursors.length)})`,
      )
      .run(state, endedMs, ...cursors);
  }

  nextExpiryMs(): number | undefined {
    return (
      this.store
        .prepare<[], { at: number | null }>(
          `SELECT min(expires_ms) AS at FROM message_deliveries WHERE expires_ms IS NOT NULL AND state IN ('held', 'queued', 'delivered')`,
        )
        .get()?.at ?? undefined
    );
  }

  heldCopies(messageId?: string): DeliveryRow[] {
    return messageId === undefined
      ? this.store
          .prepare<[], DeliveryRow>(`SELECT * FROM message_deliveries WHERE state = 'held' ORDER BY cursor`)
          .all()
      : this.store
          .prepare<[string], DeliveryRow>(
            `SELECT * FROM message_deliveries WHERE state = 'held' AND message_id = ? ORDER BY cursor`,
          )
          .all(messageId);
  }

  envelope(cursor: number): EnvelopeRow | undefined {
    return this.store.prepare<[number], EnvelopeRow>(`${ENVELOPE} WHERE d.cursor = ?`).get(cursor);
  }

  setPane(cursor: number, state: PaneDeliveryState, attempts: number, reason: string | null): void {
    this.store
      .prepare(
        'UPDATE message_deliveries SET pane_state = ?, pane_attempts = ?, pane_reason = ? WHERE cursor = ?',
      )
      .run(state, attempts, reason, cursor);
  }

  setPaneMany(cursors: readonly number[], state: PaneDeliveryState, reason: string | null): void {
    if (cursors.length === 0) return;
    this.store
      .prepare(
        `UPDATE message_deliveries SET pane_state = ?, pane_reason = ? WHERE cursor IN (${placeholders(cursors.length)})`,
      )
      .run(state, reason, ...cursors);
  }

  /** Copies that were being typed when the process stopped. */
  paneTyping(): DeliveryRow[] {
    return this.store
      .prepare<[], DeliveryRow>(
        `SELECT * FROM message_deliveries WHERE pane_state = 'typing' ORDER BY cursor`,
      )
      .all();
  }

  /** A recipient's live, visible copies still to be typed into its pane, in inbox order. */
  paneOwed(recipientId: string): EnvelopeRow[] {
    return this.store
      .prepare<[string], EnvelopeRow>(
        `${ENVELOPE} WHERE d.recipient_id = ? AND d.pane_state IN ('pending', 'held') AND d.state IN ('queued', 'delivered')
        ORDER BY d.priority DESC, d.cursor`,
      )
      .all(recipientId);
  }

  /** Recipients with copies still to be typed (to resume after a restart). */
  paneOwedRecipients(): string[] {
    return this.store
      .prepare<[], { recipient_id: string }>(
        `SELECT DISTINCT recipient_id FROM message_deliveries WHERE pane_state IN ('pending', 'held') AND state IN ('queued', 'delivered')`,
      )
      .all()
      .map((r) => r.recipient_id);
  }

  /** How many copies wait to be typed (`pending`, or being typed) or are held by the gate, and the reason of the oldest. */
  paneCounts(recipientId: string): { waiting: number; held: number; reason: string | null } {
    const rows = this.store
      .prepare<[string], { pane_state: PaneDeliveryState; pane_reason: string | null }>(
        `SELECT pane_state, pane_reason FROM message_deliveries
        WHERE recipient_id = ? AND pane_state IN ('pending', 'typing', 'held') AND state IN ('queued', 'delivered') ORDER BY cursor`,
      )
      .all(recipientId);
    const held = rows.filter((r) => r.pane_state === 'held');
    return {
      waiting: rows.length - held.length,
      held: held.length,
      reason: (held[0] ?? rows[0])?.pane_reason ?? null,
    };
  }

  /** Pane-submitted copies count as delivered (and acknowledged: the agent has it on its screen). */
  markPaneSubmitted(cursor: number, attempts: number, nowMs: number): boolean {
    const result = this.store
      .prepare(
        `UPDATE message_deliveries SET pane_state = 'submitted', pane_attempts = ?, pane_reason = NULL,
          delivered_ms = coalesce(delivered_ms, ?), acked_ms = coalesce(acked_ms, ?), ended_ms = coalesce(ended_ms, ?),
          state = CASE WHEN state IN ('queued', 'delivered') THEN 'acked' ELSE state END
        WHERE cursor = ?`,
      )
      .run(attempts, nowMs, nowMs, nowMs, cursor);
    return result.changes > 0;
  }

  inboxRecipients(): string[] {
    return this.store
      .prepare<[], { recipient_id: string }>(
        `SELECT DISTINCT recipient_id FROM message_deliveries WHERE state IN ('held', 'queued', 'delivered') ORDER BY recipient_id`,
      )
      .all()
      .map((r) => r.recipient_id);
  }

  inboxCounts(
    recipientId: string,
    nowMs: number,
  ): { depth: number; delivered: number; held: number; oldest: number | null } {
    const row = this.store
      .prepare<
        [number, number, string],
        { depth: number | null; delivered: number | null; held: number | null; oldest: number | null }
      >(
        `SELECT
          sum(CASE WHEN state IN ('queued', 'delivered') AND (expires_ms IS NULL OR expires_ms > ?) THEN 1 ELSE 0 END) AS depth,
          sum(CASE WHEN state = 'delivered' THEN 1 ELSE 0 END) AS delivered,
          sum(CASE WHEN state = 'held' THEN 1 ELSE 0 END) AS held,
          min(CASE WHEN state IN ('queued', 'delivered') AND (expires_ms IS NULL OR expires_ms > ?) THEN created_ms END) AS oldest
        FROM message_deliveries WHERE recipient_id = ? AND state IN ('held', 'queued', 'delivered')`,
      )
      .get(nowMs, nowMs, recipientId);
    return {
      depth: row?.depth ?? 0,
      delivered: row?.delivered ?? 0,
      held: row?.held ?? 0,
      oldest: row?.oldest ?? null,
    };
  }
}
