import type { DomainMigrations } from '../store/store';
import { dropStoredPreSession24Default } from './pre-session-24-policy';

export const recoveryMigrations: DomainMigrations = {
  domain: 'recovery',
  migrations: [
    {
      version: 1,
      description: 'recovery log, policy, pauses and breakers',
      sql: `
        CREATE TABLE recovery_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, agent_name TEXT NOT NULL, action TEXT NOT NULL,
          trigger TEXT, outcome TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, attempt INTEGER NOT NULL, at_ms INTEGER NOT NULL);
        CREATE INDEX recovery_log_agent ON recovery_log(agent_id, id);
        CREATE INDEX recovery_log_at ON recovery_log(at_ms);
        CREATE TABLE recovery_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE recovery_agents (
          agent_id TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0, breaker_open INTEGER NOT NULL DEFAULT 0,
          escalation_id TEXT);`,
    },
    {
      version: 2,
      description:
        'a stored policy equal to the default before session 24 (stored by every read before 1e53355) is dropped: the default applies',
      update: dropStoredPreSession24Default,
    },
    {
      version: 3,
      description: 'turns cut off by a lost pane, resumed and waiting for the human (interrupted-turns.ts)',
      sql: `
        CREATE TABLE interrupted_turns (
          agent_id TEXT PRIMARY KEY, state TEXT NOT NULL, at TEXT NOT NULL);`,
    },
  ],
};
