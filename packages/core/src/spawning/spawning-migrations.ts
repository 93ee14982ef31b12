import type { DomainMigrations } from '../store/store';

export const spawningMigrations: DomainMigrations = {
  domain: 'spawning',
  migrations: [
    {
      version: 1,
      description: 'agent templates and initial tasks waiting to be typed',
      sql: `
        CREATE TABLE agent_templates (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE initial_tasks (
          agent_id TEXT PRIMARY KEY, task TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, reason TEXT);`,
    },
    {
      version: 2,
      description:
        "agents whose CLI listed Switchboard's tools, and the pane it ran in (survives a host restart)",
      sql: 'CREATE TABLE mcp_presence (agent_id TEXT PRIMARY KEY, pane_id TEXT);',
    },
  ],
};
