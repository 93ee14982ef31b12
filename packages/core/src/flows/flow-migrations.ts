import type { DomainMigrations } from '../store/store';

/** Flows (the definition as JSON), their firings (the last 50 per flow) and the events kept for dry runs (the last 2000). */
export const flowMigrations: DomainMigrations = {
  domain: 'flows',
  migrations: [
    {
      version: 1,
      description: 'flows, firings and the replay history',
      sql: `CREATE TABLE flows (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, owner_id TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE TABLE flow_firings (id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, at_ms INTEGER NOT NULL, outcome TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX flow_firings_by_flow ON flow_firings (flow_id, at_ms);
        CREATE TABLE flow_events (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL);`,
    },
  ],
};
