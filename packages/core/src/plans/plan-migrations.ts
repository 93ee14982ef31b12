import type { DomainMigrations } from '../store/store';

export const planMigrations: DomainMigrations = {
  domain: 'plans',
  migrations: [
    {
      version: 1,
      description: "plans and their steps, with each step's current attempt",
      sql: `CREATE TABLE plans (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL, stop_on_failure INTEGER NOT NULL, created_by TEXT NOT NULL,
        participants TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX plans_state ON plans(state);
        CREATE TABLE plan_steps (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, step_id TEXT NOT NULL, position INTEGER NOT NULL,
        spec TEXT NOT NULL, state TEXT NOT NULL, assignee_id TEXT, attempt INTEGER NOT NULL, first_attempt INTEGER NOT NULL,
        correlation_id TEXT, message_id TEXT, approval_id TEXT, started_at TEXT, deadline TEXT, finished_at TEXT, output TEXT, reason TEXT,
        PRIMARY KEY (plan_id, step_id));
        CREATE INDEX plan_steps_approval ON plan_steps(approval_id) WHERE approval_id IS NOT NULL;`,
    },
    {
      version: 2,
      description: "each step keeps its failed attempts (the step panel's failure history)",
      sql: `ALTER TABLE plan_steps ADD COLUMN failures TEXT NOT NULL DEFAULT '[]';`,
    },
    {
      version: 3,
      description:
        "plan.list reads along indexes: newest first (of one state or all), and an agent's own plans by a participants table",
      sql: `DROP INDEX plans_state;
        CREATE INDEX plans_newest ON plans(created_at);
        CREATE INDEX plans_state_newest ON plans(state, created_at);
        CREATE TABLE plan_participants (
        agent_id TEXT NOT NULL, plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        PRIMARY KEY (agent_id, plan_id)) WITHOUT ROWID;
        INSERT OR IGNORE INTO plan_participants (agent_id, plan_id)
        SELECT json_each.value, plans.id FROM plans, json_each(plans.participants);`,
    },
  ],
};
