import type { DomainMigrations } from '../store/store';

/**
 * One row per message text (`messages`) and one per recipient copy (`message_deliveries`). The delivery's
 * `cursor` (AUTOINCREMENT: never reused) orders each inbox; UNIQUE(message_id, recipient_id) makes a copy
 * exist at most once whatever happens around a crash. Times are epoch milliseconds for range queries.
 */
export const messageMigrations: DomainMigrations = {
  domain: 'messages',
  migrations: [
    {
      version: 1,
      description: 'messages and per-recipient deliveries',
      sql: `
        CREATE TABLE messages (
          id TEXT PRIMARY KEY, kind TEXT NOT NULL, sender_id TEXT NOT NULL, sender_team_id TEXT,
          body TEXT NOT NULL, correlation_id TEXT, reply_to TEXT, priority INTEGER NOT NULL,
          content_hash TEXT NOT NULL, created_ms INTEGER NOT NULL, expires_ms INTEGER);
        CREATE INDEX messages_created ON messages(created_ms);
        CREATE TABLE message_deliveries (
          cursor INTEGER PRIMARY KEY AUTOINCREMENT,
          message_id TEXT NOT NULL REFERENCES messages(id),
          recipient_id TEXT NOT NULL, recipient_team_id TEXT,
          sender_id TEXT NOT NULL, sender_team_id TEXT,
          kind TEXT NOT NULL, priority INTEGER NOT NULL, content_hash TEXT NOT NULL,
          state TEXT NOT NULL, created_ms INTEGER NOT NULL, expires_ms INTEGER,
          delivered_ms INTEGER, acked_ms INTEGER, ended_ms INTEGER,
          receive_count INTEGER NOT NULL DEFAULT 0,
          pane_state TEXT NOT NULL DEFAULT 'none', pane_attempts INTEGER NOT NULL DEFAULT 0, pane_reason TEXT,
          UNIQUE (message_id, recipient_id));
        CREATE INDEX deliveries_inbox ON message_deliveries(recipient_id, state, cursor);
        CREATE INDEX deliveries_dedupe ON message_deliveries(recipient_id, content_hash, created_ms);
        CREATE INDEX deliveries_created ON message_deliveries(created_ms);
        CREATE INDEX deliveries_expiry ON message_deliveries(expires_ms) WHERE expires_ms IS NOT NULL;`,
    },
    {
      version: 2,
      description: "a held handoff's reference at its decider (the approval id)",
      sql: `ALTER TABLE messages ADD COLUMN decision_ref TEXT;`,
    },
    {
      version: 3,
      description:
        "per agent: what may be typed into its pane (its owner's setting) and when it last used the endpoint",
      sql: `CREATE TABLE message_pane_settings (
          agent_id TEXT PRIMARY KEY, pane_input TEXT NOT NULL DEFAULT 'cli', endpoint_seen_ms INTEGER);`,
    },
    {
      version: 4,
      description: 'the W3C traceparent of the call that sent a message (its pane delivery joins that trace)',
      sql: `ALTER TABLE messages ADD COLUMN traceparent TEXT;`,
    },
    {
      version: 5,
      description:
        'duplicates are found from the copies of the dedupe window kept in memory (recent-copies), not an index on the content hash',
      sql: `DROP INDEX IF EXISTS deliveries_dedupe;`,
    },
    {
      version: 6,
      description:
        "each recipient's open copies (held, queued, received) and their body bytes in message_inbox_usage, kept by triggers in the write's own transaction: the inbox quota reads one row",
      sql: `CREATE TABLE message_inbox_usage (recipient_id TEXT PRIMARY KEY, open INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO message_inbox_usage (recipient_id, open, bytes)
          SELECT d.recipient_id, count(*), sum(length(CAST(m.body AS BLOB))) FROM message_deliveries d JOIN messages m ON m.id = d.message_id
          WHERE d.state IN ('held', 'queued', 'delivered') GROUP BY d.recipient_id;
        CREATE TRIGGER message_inbox_usage_insert AFTER INSERT ON message_deliveries WHEN new.state IN ('held', 'queued', 'delivered') BEGIN
          INSERT INTO message_inbox_usage (recipient_id, open, bytes)
            VALUES (new.recipient_id, 1, (SELECT length(CAST(body AS BLOB)) FROM messages WHERE id = new.message_id))
            ON CONFLICT (recipient_id) DO UPDATE SET open = open + 1, bytes = bytes + excluded.bytes;
        END;
        CREATE TRIGGER message_inbox_usage_update AFTER UPDATE OF state, recipient_id ON message_deliveries BEGIN
          UPDATE message_inbox_usage SET open = open - 1, bytes = bytes - (SELECT length(CAST(body AS BLOB)) FROM messages WHERE id = old.message_id)
            WHERE recipient_id = old.recipient_id AND old.state IN ('held', 'queued', 'delivered');
          INSERT INTO message_inbox_usage (recipient_id, open, bytes)
            SELECT new.recipient_id, 1, (SELECT length(CAST(body AS BLOB)) FROM messages WHERE id = new.message_id)
            WHERE new.state IN ('held', 'queued', 'delivered')
            ON CONFLICT (recipient_id) DO UPDATE SET open = open + 1, bytes = bytes + excluded.bytes;
        END;
        CREATE TRIGGER message_inbox_usage_delete AFTER DELETE ON message_deliveries WHEN old.state IN ('held', 'queued', 'delivered') BEGIN
          UPDATE message_inbox_usage SET open = open - 1, bytes = bytes - (SELECT length(CAST(body AS BLOB)) FROM messages WHERE id = old.message_id)
            WHERE recipient_id = old.recipient_id;
        END;`,
    },
    {
      version: 7,
      description:
        "replies found from their request's side (the flow graph's unanswered requests): by reply_to and by correlation id",
      sql: `CREATE INDEX messages_reply_to ON messages(reply_to) WHERE reply_to IS NOT NULL;
        CREATE INDEX messages_correlation ON messages(correlation_id) WHERE correlation_id IS NOT NULL;`,
    },
    {
      version: 8,
      description:
        "an agent's history a page at a time: its sent and its received copies, each newest first by cursor",
      sql: `CREATE INDEX deliveries_sent ON message_deliveries(sender_id, cursor);
        CREATE INDEX deliveries_received ON message_deliveries(recipient_id, cursor);`,
    },
    {
      version: 9,
      description:
        "each recipient's owed copies in the order a receive without a cursor reads them (priority, then cursor): no sort of the whole inbox",
      sql: `CREATE INDEX deliveries_open ON message_deliveries(recipient_id, priority DESC, cursor) WHERE state IN ('queued', 'delivered');`,
    },
  ],
};
