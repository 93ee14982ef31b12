import type { DomainMigrations } from '../store/store';

export const terminalStatusMigrations: DomainMigrations = {
  domain: 'terminal-status',
  migrations: [
    {
      version: 1,
      description: 'how agents show in their terminal panes (tab colour, badge and title formats)',
      sql: `CREATE TABLE terminal_status_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
    },
  ],
};
