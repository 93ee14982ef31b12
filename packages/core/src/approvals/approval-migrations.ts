import type { DomainMigrations } from '../store/store';

export const approvalMigrations: DomainMigrations = {
  domain: 'approvals',
  migrations: [
    {
      version: 1,
      description: 'the approval queue',
      sql: `CREATE TABLE approvals (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, requester TEXT NOT NULL, summary TEXT NOT NULL, payload TEXT NOT NULL,
        choices TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT, expires_ms INTEGER,
        on_expiry TEXT NOT NULL, decision TEXT, decided_at TEXT);
        CREATE INDEX approvals_status ON approvals(status, created_at);
        CREATE INDEX approvals_decided ON approvals(decided_at) WHERE decided_at IS NOT NULL;`,
    },
    {
      version: 2,
      description: 'the W3C traceparent of the call that raised an item (its decision span joins that trace)',
      sql: `ALTER TABLE approvals ADD COLUMN traceparent TEXT;`,
    },
    {
      version: 3,
      description: 'items in the order they were raised: retention walks it to prune the oldest decided ones',
      sql: `CREATE INDEX approvals_created ON approvals(created_at);`,
    },
    {
      version: 4,
      description:
        "a permission prompt's answer as carried out in the pane (confirmed, or the error), kept with the item",
      sql: `ALTER TABLE approvals ADD COLUMN answer TEXT;`,
    },
    {
      version: 5,
      description:
        'why a withdrawn item was taken off the queue (its requester closed, answered in the terminal, …)',
      sql: `ALTER TABLE approvals ADD COLUMN withdrawn_reason TEXT;`,
    },
  ],
};
