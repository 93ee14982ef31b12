import type { DomainMigrations } from '../store/store';

export const attentionMigrations: DomainMigrations = {
  domain: 'attention',
  migrations: [
    {
      version: 1,
      description: 'notifications and their settings',
      sql: `
        CREATE TABLE attention_items (
          id TEXT PRIMARY KEY, kind TEXT NOT NULL, agent_key TEXT NOT NULL, status TEXT NOT NULL, created_ms INTEGER NOT NULL,
          item TEXT NOT NULL);
        CREATE INDEX attention_items_open ON attention_items(status, agent_key, kind);
        CREATE INDEX attention_items_created ON attention_items(created_ms);
        CREATE TABLE attention_settings (id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL);`,
    },
    {
      version: 2,
      description:
        "what an item is about besides its agent and kind ('' for the agent's state): the agent's health resolves only those",
      sql: `ALTER TABLE attention_items ADD COLUMN about TEXT NOT NULL DEFAULT '';`,
    },
  ],
};
