import type { DomainMigrations } from '../store/store';

export const fleetMigrations: DomainMigrations = {
  domain: 'fleet',
  migrations: [
    {
      version: 1,
      description: 'teams and agents',
      sql: `
        CREATE TABLE teams (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT REFERENCES teams(id),
          color TEXT NOT NULL, position INTEGER NOT NULL, created_at TEXT NOT NULL);
        CREATE UNIQUE INDEX teams_name ON teams(name);
        CREATE TABLE agents (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, command TEXT, cwd TEXT,
          team_id TEXT REFERENCES teams(id), role TEXT NOT NULL, state TEXT NOT NULL, state_since TEXT NOT NULL,
          pane_id TEXT, position INTEGER NOT NULL, created_at TEXT NOT NULL, closed_at TEXT);
        CREATE UNIQUE INDEX agents_open_name ON agents(name) WHERE closed_at IS NULL;`,
    },
  ],
};
