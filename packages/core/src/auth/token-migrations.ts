import type { DomainMigrations } from '../store/store';

export const tokenMigrations: DomainMigrations = {
  domain: 'auth',
  migrations: [
    {
      version: 1,
      description: 'agent tokens, stored as SHA-256 hashes',
      sql: `CREATE TABLE agent_tokens (
        token_hash TEXT PRIMARY KEY, agent_id TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
        CREATE INDEX agent_tokens_agent ON agent_tokens(agent_id);`,
    },
    {
      version: 2,
      description:
        'where a token went: the launcher, or a configuration printed for an agent started elsewhere',
      sql: `ALTER TABLE agent_tokens ADD COLUMN issued_for TEXT NOT NULL DEFAULT 'launch';`,
    },
  ],
};
