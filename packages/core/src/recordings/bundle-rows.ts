import type { AuditEntry } from '@switchboard/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { MessageRepository } from '../messages/message-repository';
import { redactSecrets } from '../secrets/redact';

/**
 * Rows read at most per file (read whole: better-sqlite3 runs nothing else on the connection while a
 * statement iterates, and names are looked up meanwhile); the file's byte share usually stops sooner.
 */
const MAX_ROWS = 100_000;

/**
 * The audit entries in [fromMs, toMs], oldest first, from the audit log; with `agentIds`, only those an agent
 * of them did or that target one. Details were redacted when written.
 */
export function auditLinesOf(
  audit: Pick<AuditLog, 'between'>,
  fromMs: number,
  toMs: number,
  agentIds: readonly string[] | undefined,
): AuditEntry[] {
  return audit.between(fromMs, toMs, agentIds, MAX_ROWS);
}

/**
 * The messages sent in [fromMs, toMs], oldest first, each with its sender and recipients by id and name
 * and its body redacted (as stored, and again); with `agentIds`, only those one of them sent or received.
 */
export function* messageLinesOf(
  messages: Pick<MessageRepository, 'sentBetween'>,
  fromMs: number,
  toMs: number,
  agentIds: readonly string[] | undefined,
  nameOf: (id: string) => string,
): Generator<unknown> {
  for (const row of messages.sentBetween(fromMs, toMs, agentIds, MAX_ROWS)) {
    yield {
      id: row.id,
      at: new Date(row.created_ms).toISOString(),
      kind: row.kind,
      from: { id: row.sender_id, name: nameOf(row.sender_id) },
      to: row.recipients.map((id) => ({ id, name: nameOf(id) })),
      body: redactSecrets(row.body),
      correlationId: row.correlation_id,
      replyTo: row.reply_to,
      priority: row.priority,
    };
  }
}
