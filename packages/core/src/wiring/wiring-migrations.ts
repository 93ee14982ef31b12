import type { DomainMigrations } from '../store/store';

export const wiringMigrations: DomainMigrations = {
  domain: 'wiring',
  migrations: [
    {
      version: 1,
      description: "each agent's CLI conversation (session id from its hooks), for resuming exactly that one",
      sql: `CREATE TABLE agent_cli_sessions (agent_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, recorded_at TEXT NOT NULL);`,
    },
  ],
};
