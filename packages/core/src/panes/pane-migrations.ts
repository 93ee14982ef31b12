import type { DomainMigrations } from '../store/store';

export const paneMigrations: DomainMigrations = {
  domain: 'panes',
  migrations: [
    {
      version: 1,
      description: 'output-pattern watches and notifications for the human',
      sql: `CREATE TABLE pane_watches (
          id TEXT PRIMARY KEY, pane_id TEXT NOT NULL, agent_id TEXT, pattern TEXT NOT NULL, notify_agent_id TEXT,
          owner_id TEXT NOT NULL, once INTEGER NOT NULL, label TEXT, created_at TEXT NOT NULL);
        CREATE INDEX pane_watches_pane ON pane_watches(pane_id);
        CREATE TABLE human_notifications (
          id TEXT PRIMARY KEY, from_agent_id TEXT, level TEXT NOT NULL, summary TEXT NOT NULL, details TEXT,
          created_at TEXT NOT NULL);`,
    },
    {
      version: 2,
      description: "the human's notifications in the order they came: retention walks it to prune the oldest",
      sql: `CREATE INDEX human_notifications_created ON human_notifications(created_at);`,
    },
  ],
};
