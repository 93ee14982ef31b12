import type { DomainMigrations } from '../store/store';

export const roleMigrations: DomainMigrations = {
  domain: 'roles',
  migrations: [
    {
      version: 1,
      description: 'role catalog',
      sql: `CREATE TABLE roles (
        name TEXT PRIMARY KEY, description TEXT NOT NULL, commands TEXT NOT NULL, may_message TEXT NOT NULL,
        can_spawn INTEGER NOT NULL, can_change_roles INTEGER NOT NULL, rate_per_minute INTEGER NOT NULL,
        rate_burst INTEGER NOT NULL, updated_at TEXT NOT NULL);`,
    },
  ],
};
