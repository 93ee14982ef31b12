import type { DomainMigrations } from '../store/store';

export const lockMigrations: DomainMigrations = {
  domain: 'locks',
  migrations: [
    {
      version: 1,
      description: 'leases on panes, files and branches',
      sql: `CREATE TABLE locks (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, owner TEXT NOT NULL, reason TEXT,
        acquired_at TEXT NOT NULL, renewed_at TEXT NOT NULL, expires_at TEXT NOT NULL, expires_ms INTEGER NOT NULL,
        approval_id TEXT, ended_at TEXT, end_reason TEXT);
        CREATE INDEX locks_active ON locks(kind, ended_at);
        CREATE INDEX locks_approval ON locks(approval_id) WHERE approval_id IS NOT NULL;`,
    },
    {
      version: 2,
      description:
        "the live leases by owner (an agent's count against holdings.leases) and by expiry (the overdue check before every acquire and pane write read every lease ever taken)",
      sql: `CREATE INDEX locks_live_owner ON locks(owner) WHERE ended_at IS NULL;
        CREATE INDEX locks_live_expiry ON locks(expires_ms) WHERE ended_at IS NULL;`,
    },
    {
      version: 3,
      description: 'leases in the order they were taken: retention walks it to prune the oldest ended ones',
      sql: `CREATE INDEX locks_acquired ON locks(acquired_at);`,
    },
  ],
};
