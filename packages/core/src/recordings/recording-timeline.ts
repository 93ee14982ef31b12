import type { TimelineEvent, TimelineKind } from '@switchboard/protocol';
import { APPROVAL_TIMELINE } from '../approvals/approval-repository';
import { HEALTH_TIMELINE } from '../health/health-history';
import { LOCK_TIMELINE } from '../locks/lock-repository';
import { MESSAGE_TIMELINE } from '../messages/message-rows';
import { RECOVERY_TIMELINE } from '../recovery/recovery-log';
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

/** Where each kind of event is kept: each owning domain says how its rows read as timeline events. */
const SOURCES: readonly { kind: TimelineKind; sql: string }[] = [
  ...MESSAGE_TIMELINE,
  ...APPROVAL_TIMELINE,
  ...HEALTH_TIMELINE,
  ...LOCK_TIMELINE,
  ...RECOVERY_TIMELINE,
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
