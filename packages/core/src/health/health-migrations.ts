import type { DomainMigrations } from '../store/store';

export const healthMigrations: DomainMigrations = {
  domain: 'health',
  migrations: [
    {
      version: 1,
      description: 'state history',
      sql: `
        CREATE TABLE health_transitions (
          id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, state TEXT NOT NULL, since TEXT NOT NULL,
          confidence TEXT NOT NULL, unsure INTEGER NOT NULL, signals TEXT NOT NULL);
        CREATE INDEX health_transitions_agent ON health_transitions(agent_id, id);`,
    },
  ],
};
