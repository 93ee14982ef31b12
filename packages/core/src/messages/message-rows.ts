import type {
  DeliveryState,
  Message,
  MessageKind,
  MessagePriority,
  PaneDeliveryState,
  TimelineKind,
} from '@switchboard/protocol';
import { traceIdOf } from '../ports/tracer';

export const PRIORITIES: readonly MessagePriority[] = ['low', 'normal', 'high', 'urgent'];
/** States in which a copy is still owed to its recipient. */
export const LIVE_STATES: readonly DeliveryState[] = ['held', 'queued', 'delivered'];

export interface MessageRow {
  id: string;
  kind: MessageKind;
  sender_id: string;
  sender_team_id: string | null;
  body: string;
  correlation_id: string | null;
  reply_to: string | null;
  priority: number;
  content_hash: string;
  created_ms: number;
  expires_ms: number | null;
  decision_ref?: string | null;
  /** The sending call's trace (W3C traceparent), if it was traced. */
  traceparent: string | null;
}

export interface DeliveryRow {
  cursor: number;
  message_id: string;
  recipient_id: string;
  recipient_team_id: string | null;
  sender_id: string;
  sender_team_id: string | null;
  kind: MessageKind;
  priority: number;
  content_hash: string;
  state: DeliveryState;
  created_ms: number;
  expires_ms: number | null;
  delivered_ms: number | null;
  acked_ms: number | null;
  ended_ms: number | null;
  receive_count: number;
  pane_state: PaneDeliveryState;
  pane_attempts: number;
  pane_reason: string | null;
}

/** A copy with its message's text (`EnvelopeRow`). */
export const ENVELOPE = `SELECT d.*, m.body, m.correlation_id, m.reply_to, m.traceparent FROM message_deliveries d JOIN messages m ON m.id = d.message_id`;

/** A delivery joined with its message's text. */
export type EnvelopeRow = DeliveryRow &
  Pick<MessageRow, 'body' | 'correlation_id' | 'reply_to' | 'traceparent'>;

/** What a receive or a peek shows of a copy: `toMessage`'s columns, no more (see `MessageRepository.inbox`). */
export const INBOX_COLUMNS = [
  'cursor',
  'message_id',
  'recipient_id',
  'sender_id',
  'kind',
  'priority',
  'state',
  'created_ms',
  'expires_ms',
  'delivered_ms',
  'acked_ms',
  'pane_state',
  'pane_attempts',
  'pane_reason',
  'body',
  'correlation_id',
  'reply_to',
  'traceparent',
] as const satisfies readonly (keyof EnvelopeRow)[];

export type InboxRow = Pick<EnvelopeRow, (typeof INBOX_COLUMNS)[number]>;

/** What an acknowledgement reads of a copy. */
export type AckRow = Pick<DeliveryRow, 'cursor' | 'message_id' | 'state'>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toMessage(row: InboxRow): Message {
  return {
    id: row.message_id,
    kind: row.kind,
    senderId: row.sender_id,
    recipientId: row.recipient_id,
    body: row.body,
    correlationId: row.correlation_id,
    replyTo: row.reply_to,
    priority: PRIORITIES[row.priority] ?? 'normal',
    createdAt: new Date(row.created_ms).toISOString(),
    expiresAt: iso(row.expires_ms),
    cursor: row.cursor,
    state: row.state,
    deliveredAt: iso(row.delivered_ms),
    ackedAt: iso(row.acked_ms),
    pane: { state: row.pane_state, attempts: row.pane_attempts, reason: row.pane_reason },
    ...(row.traceparent ? { traceId: traceIdOf(row.traceparent) ?? null } : {}),
  };
}

export interface InboxQuery {
  recipientId: string;
  nowMs: number;
  cursor?: number | undefined;
  kinds?: readonly MessageKind[] | undefined;
  limit: number;
}

export interface HistoryQuery {
  agentId?: string | undefined;
  peerId?: string | undefined;
  teamIds?: readonly string[] | undefined;
  kinds?: readonly MessageKind[] | undefined;
  sinceMs?: number | undefined;
  untilMs?: number | undefined;
  before?: number | undefined;
  limit?: number | undefined;
}

/** `?, ?, ?` for an IN list of n values. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The WHERE clause of a history or flow query (`prefix`: the deliveries table's alias). */
export function historyFilter(query: HistoryQuery, prefix: string): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const col = (name: string) => `${prefix}${name}`;
  if (query.agentId !== undefined && query.peerId !== undefined) {
    clauses.push(
      `((${col('sender_id')} = ? AND ${col('recipient_id')} = ?) OR (${col('sender_id')} = ? AND ${col('recipient_id')} = ?))`,
    );
    params.push(query.agentId, query.peerId, query.peerId, query.agentId);
  } else if (query.agentId !== undefined) {
    clauses.push(`(${col('sender_id')} = ? OR ${col('recipient_id')} = ?)`);
    params.push(query.agentId, query.agentId);
  }
  if (query.teamIds !== undefined) {
    const list = placeholders(Math.max(1, query.teamIds.length));
    const ids = query.teamIds.length ? query.teamIds : [''];
    clauses.push(`(${col('sender_team_id')} IN (${list}) OR ${col('recipient_team_id')} IN (${list}))`);
    params.push(...ids, ...ids);
  }
  if (query.kinds?.length) {
    clauses.push(`${col('kind')} IN (${placeholders(query.kinds.length)})`);
    params.push(...query.kinds);
  }
  if (query.sinceMs !== undefined) {
    clauses.push(`${col('created_ms')} >= ?`);
    params.push(query.sinceMs);
  }
  if (query.untilMs !== undefined) {
    clauses.push(`${col('created_ms')} <= ?`);
    params.push(query.untilMs);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** A sent message's own columns, as a fleet bundle lists it. */
export interface SentRow {
  id: string;
  kind: string;
  sender_id: string;
  body: string;
  correlation_id: string | null;
  reply_to: string | null;
  priority: number;
  created_ms: number;
}

/**
 * Where an agent's messages out and in are on the replay timeline (recordings' `timelineOf` runs them as one UNION): each SELECT gives
 * `at` (ms), `agentId` and `summary` (and `other`: the other agents' ids, comma-separated) for the agents in the JSON array `@agents`; `@from`/`@to` (ms) bound them.
 */
export const MESSAGE_TIMELINE: readonly { kind: TimelineKind; sql: string }[] = [
  {
    kind: 'message.out',
    sql: `SELECT m.created_ms AS at, m.sender_id AS agentId,
            (SELECT group_concat(DISTINCT d.recipient_id) FROM message_deliveries d WHERE d.message_id = m.id) AS other,
            m.kind || ': ' || m.body AS summary
          FROM messages m WHERE m.sender_id IN (SELECT value FROM json_each(@agents)) AND m.created_ms BETWEEN @from AND @to`,
  },
  {
    // A handoff held for a human has not reached its recipient (a denied one never will).
    kind: 'message.in',
    sql: `SELECT d.created_ms AS at, d.recipient_id AS agentId, d.sender_id AS other, d.kind || ': ' || m.body AS summary
          FROM message_deliveries d JOIN messages m ON m.id = d.message_id
          WHERE d.recipient_id IN (SELECT value FROM json_each(@agents)) AND d.created_ms BETWEEN @from AND @to
            AND d.state NOT IN ('held', 'denied')`,
  },
];
