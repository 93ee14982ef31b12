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
    {
      version: 2,
      description: "pane.write.others: only orchestrators write into other agents' panes by default",
      sql: `ALTER TABLE roles ADD COLUMN can_write_other_panes INTEGER NOT NULL DEFAULT 0;
        UPDATE roles SET can_write_other_panes = 1 WHERE name = 'orchestrator';`,
    },
    {
      version: 3,
      description: 'the remote hosts a role may spawn agents on (JSON list; empty: this machine only)',
      sql: `ALTER TABLE roles ADD COLUMN hosts TEXT NOT NULL DEFAULT '[]';`,
    },
    {
      version: 4,
      description:
        "pane.read.others: orchestrators, managers and monitors read other agents' panes; workers only their own",
      sql: `ALTER TABLE roles ADD COLUMN can_read_other_panes INTEGER NOT NULL DEFAULT 0;
        UPDATE roles SET can_read_other_panes = 1 WHERE name IN ('orchestrator', 'manager', 'monitor');`,
    },
  ],
};
