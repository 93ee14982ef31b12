import type { AuditEntry } from '@switchboard/protocol';
import { toEntry, type AuditRow } from '../audit/audit-log';
import { redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';

/**
 * Rows read at most per file (read whole: better-sqlite3 runs nothing else on the connection while a
 * statement iterates, and names are looked up meanwhile); the file's byte share usually stops sooner.
 */
const MAX_ROWS = 100_000;

/**
 * The audit entries in [fromMs, toMs] (times are ISO text in the log, compared as such), oldest first;
 * with `agentIds`, only those an agent of them did or that target one. Details were redacted when written.
 */
export function* auditLinesOf(
  store: Store,
  fromMs: number,
  toMs: number,
  agentIds: readonly string[] | undefined,
): Generator<AuditEntry> {
  const rows = store
    .prepare<{ from: string; to: string; agents: string | null }, AuditRow>(
      `SELECT * FROM audit_log
       WHERE at BETWEEN @from AND @to AND (@agents IS NULL
         OR actor_id IN (SELECT value FROM json_each(@agents)) OR target IN (SELECT value FROM json_each(@agents)))
       ORDER BY sequence LIMIT ${MAX_ROWS}`,
    )
    .all({
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      agents: agentIds === undefined ? null : JSON.stringify(agentIds),
    });
  for (const row of rows) yield toEntry(row);
}

interface MessageRow {
  id: string;
  kind: string;
  sender_id: string;
  body: string;
  correlation_id: string | null;
  reply_to: string | null;
  priority: number;
  created_ms: number;
  recipients: string;
}

/**
 * The messages sent in [fromMs, toMs], oldest first, each with its sender and recipients by id and name
 * and its body redacted (as stored, and again); with `agentIds`, only those one of them sent or received.
 */
export function* messageLinesOf(
  store: Store,
  fromMs: number,
  toMs: number,
  agentIds: readonly string[] | undefined,
  nameOf: (id: string) => string,
): Generator<unknown> {
  const rows = store
    .prepare<{ from: number; to: number; agents: string | null }, MessageRow>(
      `SELECT m.id, m.kind, m.sender_id, m.body, m.correlation_id, m.reply_to, m.priority, m.created_ms,
         (SELECT json_group_array(d.recipient_id) FROM message_deliveries d WHERE d.message_id = m.id) AS recipients
       FROM messages m WHERE m.created_ms BETWEEN @from AND @to AND (@agents IS NULL
         OR m.sender_id IN (SELECT value FROM json_each(@agents))
         OR EXISTS (SELECT 1 FROM message_deliveries d WHERE d.message_id = m.id
           AND d.recipient_id IN (SELECT value FROM json_each(@agents))))
       ORDER BY m.created_ms, m.id LIMIT ${MAX_ROWS}`,
    )
    .all({
      from: fromMs,
      to: toMs,
      agents: agentIds === undefined ? null : JSON.stringify(agentIds),
    });
  for (const row of rows) {
    const recipients = JSON.parse(row.recipients) as string[];
    yield {
      id: row.id,
      at: new Date(row.created_ms).toISOString(),
      kind: row.kind,
      from: { id: row.sender_id, name: nameOf(row.sender_id) },
      to: recipients.map((id) => ({ id, name: nameOf(id) })),
      body: redactSecrets(row.body),
      correlationId: row.correlation_id,
      replyTo: row.reply_to,
      priority: row.priority,
    };
  }
}
