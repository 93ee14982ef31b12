import type { DomainMigrations } from '../store/store';

/** Barriers, votes and leader groups: one row each, the record as JSON (rewritten whole per transition). */
export const coordinationMigrations: DomainMigrations = {
  domain: 'coordination',
  migrations: [
    {
      version: 1,
      description: 'barriers, votes and leader leases',
      sql: `CREATE TABLE barriers (id TEXT PRIMARY KEY, open INTEGER NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE TABLE votes (id TEXT PRIMARY KEY, open INTEGER NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE TABLE leader_groups (name TEXT PRIMARY KEY, doc TEXT NOT NULL);`,
    },
    {
      version: 2,
      description:
        'votes in the order they were proposed: retention walks it to prune the oldest closed ones',
      sql: `CREATE INDEX votes_created ON votes(created_at);`,
    },
  ],
};
