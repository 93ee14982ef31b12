import type { DomainMigrations } from '../store/store';

export const managerMigrations: DomainMigrations = {
  domain: 'managers',
  migrations: [
    {
      version: 1,
      description: "managers, their worker pools and their strategies' memory",
      sql: `CREATE TABLE managers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, owner_id TEXT NOT NULL, strategy TEXT NOT NULL, seed INTEGER NOT NULL,
        cursor INTEGER NOT NULL, rng INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE manager_workers (
        manager_id TEXT NOT NULL REFERENCES managers(id) ON DELETE CASCADE, agent_id TEXT NOT NULL, position INTEGER NOT NULL,
        role TEXT, priority INTEGER NOT NULL, capabilities TEXT NOT NULL, PRIMARY KEY (manager_id, agent_id));`,
    },
  ],
};
