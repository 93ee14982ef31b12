import type { DomainMigrations } from '../store/store';

export const policyMigrations: DomainMigrations = {
  domain: 'policy',
  migrations: [
    {
      version: 1,
      description: 'approval policies',
      sql: `CREATE TABLE approval_policies (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT, requester TEXT, team TEXT, holder TEXT,
        pattern TEXT, action TEXT NOT NULL, comment TEXT, created_at TEXT NOT NULL);`,
    },
  ],
};
