import type { DomainMigrations } from '../store/store';

export const hostMigrations: DomainMigrations = {
  domain: 'hosts',
  migrations: [
    {
      version: 1,
      description: 'remote hosts agents can run on: a name and an ssh:// URL, never a secret',
      sql: `CREATE TABLE hosts (
        name TEXT PRIMARY KEY COLLATE NOCASE, url TEXT NOT NULL, created_at TEXT NOT NULL);`,
    },
  ],
};
