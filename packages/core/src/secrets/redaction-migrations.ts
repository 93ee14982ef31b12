import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { DomainMigrations } from '../store/store';
import { redactDeep, redactSecrets } from './redact';

/** Stored texts that are redacted before they are written today: plain text, or JSON whose strings are redacted. */
const STORED_TEXTS: readonly { table: string; plain?: readonly string[]; json?: readonly string[] }[] = [
  { table: 'approvals', plain: ['summary'], json: ['payload', 'decision'] },
  { table: 'messages', plain: ['body'] },
  { table: 'message_deliveries', plain: ['pane_reason'] },
  { table: 'locks', plain: ['reason', 'end_reason'] },
  { table: 'approval_policies', plain: ['comment'] },
  { table: 'human_notifications', plain: ['summary', 'details'] },
  { table: 'attention_items', json: ['item'] },
  { table: 'health_transitions', json: ['signals'] },
  { table: 'recovery_log', plain: ['reason', 'detail'] },
];

/**
 * Databases written before redaction covered a field keep its secrets as given. This domain redacts them
 * once, after every other domain's tables exist: agents' command lines (an open agent's real line first
 * goes to its private file through `keepRealCommand`, so it still runs with it) and every stored text in
 * STORED_TEXTS. The audit log is left as written: it is a hash chain (rewriting it would break the proof
 * it exists for), its details were redacted when written, and audit output is redacted again on the way out.
 */
export function redactionMigrations(
  keepRealCommand: (agentId: string, command: string, redacted: string) => void,
): DomainMigrations {
  return {
    domain: 'redaction',
    migrations: [
      {
        version: 1,
        description:
          'redact secrets stored before redaction covered them (command lines, approvals, messages, locks, policies, notifications, attention, health, recovery)',
        rewrite: (db) => {
          const agents = db
            .prepare<[], { id: string; command: string; closed_at: string | null }>(
              'SELECT id, command, closed_at FROM agents WHERE command IS NOT NULL',
            )
            .all();
          const update = db.prepare('UPDATE agents SET command = ? WHERE id = ?');
          for (const agent of agents) {
            const redacted = redactSecrets(agent.command);
            if (redacted === agent.command) continue;
            if (agent.closed_at === null) keepRealCommand(agent.id, agent.command, redacted);
            update.run(redacted, agent.id);
          }
          for (const { table, plain = [], json = [] } of STORED_TEXTS) redactColumns(db, table, plain, json);
        },
      },
    ],
  };
}

function redactColumns(
  db: SqliteDatabase,
  table: string,
  plain: readonly string[],
  json: readonly string[],
): void {
  const columns = [...plain, ...json];
  const rows = db
    .prepare<[], Record<string, unknown> & { rowid: number }>(
      `SELECT rowid, ${columns.join(', ')} FROM ${table}`,
    )
    .all();
  const update = db.prepare(
    `UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE rowid = @rowid`,
  );
  for (const row of rows) {
    const next: Record<string, unknown> = { rowid: row.rowid };
    let changed = false;
    for (const column of columns) {
      const value = row[column];
      const redacted =
        typeof value !== 'string' ? value : plain.includes(column) ? redactSecrets(value) : redactJson(value);
      changed ||= redacted !== value;
      next[column] = redacted;
    }
    if (changed) update.run(next);
  }
}

/** A JSON text with every string in it redacted; a text that is not JSON is redacted as text. */
function redactJson(text: string): string {
  try {
    const redacted = JSON.stringify(redactDeep(JSON.parse(text) as unknown));
    return redacted === JSON.stringify(JSON.parse(text)) ? text : redacted;
  } catch {
    return redactSecrets(text);
  }
}
