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
    {
      version: 2,
      description: 'agent worktrees, layout preset, saved arrangements',
      sql: `
        ALTER TABLE agents ADD COLUMN worktree_path TEXT;
        ALTER TABLE agents ADD COLUMN worktree_branch TEXT;
        ALTER TABLE agents ADD COLUMN worktree_base TEXT;
        ALTER TABLE agents ADD COLUMN worktree_repository TEXT;
        CREATE TABLE fleet_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE arrangements (
          name TEXT PRIMARY KEY, preset TEXT NOT NULL, body TEXT NOT NULL, saved_at TEXT NOT NULL);`,
    },
    {
      version: 3,
      description: 'the remote host an agent runs on (null: this machine)',
      sql: `ALTER TABLE agents ADD COLUMN host TEXT;`,
    },
    {
      version: 4,
      description: 'closed agents by close time (fleet.snapshot names the 1,000 closed last)',
      sql: `CREATE INDEX agents_closed ON agents(closed_at, id) WHERE closed_at IS NOT NULL;`,
    },
  ],
};
