import type { TimelineEvent, TimelineKind } from '@switchboard/protocol';
import type { Store } from '../store/store';

const SUMMARY_CHARS = 160;

interface Row {
  at: number;
  agentId: string;
  kind: TimelineKind;
  /** The other agents of a message (ids, comma-separated), else null. */
  other: string | null;
  summary: string;
}

/**
 * Where each kind of event is kept, as `at` (ms), `agentId`, `summary` over the agents (`a` in the JSON
 * array `@agents`) and the range. Times kept as ISO text are turned to ms by SQLite (`unixepoch … 'subsec'`).
 */
const SOURCES: readonly { kind: TimelineKind; sql: string }[] = [
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
  {
    kind: 'approval.asked',
    sql: `SELECT CAST(unixepoch(created_at, 'subsec') * 1000 AS INTEGER) AS at, requester AS agentId, kind || ': ' || summary AS summary
          FROM approvals WHERE requester IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'approval.decided',
    sql: `SELECT CAST(unixepoch(decided_at, 'subsec') * 1000 AS INTEGER) AS at, requester AS agentId,
            status || coalesce(' (' || json_extract(decision, '$.choice') || ')', '') || ': ' || summary
              || coalesce(' · "' || json_extract(decision, '$.comment') || '"', '') AS summary
          FROM approvals WHERE decided_at IS NOT NULL AND requester IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'state',
    sql: `SELECT CAST(unixepoch(since, 'subsec') * 1000 AS INTEGER) AS at, agent_id AS agentId, state AS summary
          FROM health_transitions WHERE agent_id IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'lock.acquired',
    sql: `SELECT CAST(unixepoch(acquired_at, 'subsec') * 1000 AS INTEGER) AS at, owner AS agentId, kind || ' ' || name || coalesce(' (' || reason || ')', '') AS summary
          FROM locks WHERE owner IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'lock.released',
    sql: `SELECT CAST(unixepoch(ended_at, 'subsec') * 1000 AS INTEGER) AS at, owner AS agentId, kind || ' ' || name || coalesce(': ' || end_reason, '') AS summary
          FROM locks WHERE ended_at IS NOT NULL AND owner IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'recovery',
    sql: `SELECT at_ms AS at, agent_id AS agentId, action || ' ' || outcome || ': ' || reason AS summary
          FROM recovery_log WHERE agent_id IN (SELECT value FROM json_each(@agents)) AND at_ms BETWEEN @from AND @to`,
  },
];

const QUERY = `SELECT * FROM (${SOURCES.map(
  ({ kind, sql }) =>
    `SELECT at, agentId, '${kind}' AS kind, ${kind.startsWith('message.') ? 'other' : 'NULL AS other'}, summary FROM (${sql})`,
).join(' UNION ALL ')}) WHERE at BETWEEN @from AND @to ORDER BY at, kind = 'message.in', kind LIMIT @limit`;

/**
 * The fleet's events for the agents in [fromMs, toMs], oldest first, read from where each is kept
 * (messages, deliveries, approvals, health transitions, locks, the recovery log): the replay's timeline.
 * A message names its other side by `nameOf` (the agent's name, `human` for the human).
 */
export function timelineOf(
  store: Store,
  agentIds: readonly string[],
  fromMs: number,
  toMs: number,
  limit: number,
  nameOf: (agentId: string) => string,
): { events: TimelineEvent[]; more: boolean } {
  const rows = store
    .prepare<{ agents: string; from: number; to: number; limit: number }, Row>(QUERY)
    .all({ agents: JSON.stringify(agentIds), from: fromMs, to: toMs, limit: limit + 1 });
  return {
    events: rows.slice(0, limit).map((row) => ({
      at: row.at,
      agentId: row.agentId,
      kind: row.kind,
      summary: oneLine(
        row.other === null
          ? row.summary
          : `${row.kind === 'message.out' ? 'to' : 'from'} ${row.other.split(',').map(nameOf).join(', ')} · ${row.summary}`,
      ),
    })),
    more: rows.length > limit,
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SUMMARY_CHARS ? `${flat.slice(0, SUMMARY_CHARS - 1)}…` : flat;
}
