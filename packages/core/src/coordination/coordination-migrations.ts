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
    {
      version: 3,
      description:
        'a group left without leader or candidates is deleted; the highest term a deleted group reached is kept, so a group of that name taken again goes on from above it (terms are fencing tokens)',
      sql: `CREATE TABLE leader_retired_term (id INTEGER PRIMARY KEY CHECK (id = 1), term INTEGER NOT NULL);
        INSERT INTO leader_retired_term (id, term)
          SELECT 1, coalesce(max(json_extract(doc, '$.term')), 0) FROM leader_groups
          WHERE json_extract(doc, '$.leaderId') IS NULL AND json_array_length(doc, '$.candidates') = 0;
        DELETE FROM leader_groups
          WHERE json_extract(doc, '$.leaderId') IS NULL AND json_array_length(doc, '$.candidates') = 0;`,
    },
    {
      version: 4,
      description:
        'barriers in the order they were created: retention walks it to prune the oldest closed ones',
      sql: `CREATE INDEX barriers_created ON barriers(created_at);`,
    },
  ],
};
