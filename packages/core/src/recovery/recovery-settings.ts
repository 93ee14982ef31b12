import { RecoveryPolicy } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { DEFAULT_RECOVERY_POLICY } from './recovery-policy';

/** Per-agent switches that outlive a host restart. */
export interface AgentSwitches {
  paused: boolean;
  breakerOpen: boolean;
  escalationId: string | null;
}

const OFF: AgentSwitches = { paused: false, breakerOpen: false, escalationId: null };

interface AgentRow {
  paused: number;
  breaker_open: number;
  escalation_id: string | null;
}

/** The recovery policy, the fleet-wide pause and per-agent switches, in SQLite. */
export class RecoverySettings {
  /** Read on every heartbeat timer: kept in memory, written through. */
  private cached: RecoveryPolicy | undefined;

  constructor(private readonly store: Store) {}

  policy(): RecoveryPolicy {
    if (this.cached) return this.cached;
    const stored = this.read('policy');
    const parsed = stored === undefined ? undefined : RecoveryPolicy.safeParse(stored);
    this.cached = parsed?.success ? parsed.data : DEFAULT_RECOVERY_POLICY;
    return this.cached;
  }

  setPolicy(policy: RecoveryPolicy): void {
    this.write('policy', policy);
    this.cached = policy;
  }

  fleetPaused(): boolean {
    return this.read('fleetPaused') === true;
  }

  setFleetPaused(paused: boolean): void {
    this.write('fleetPaused', paused);
  }

  agent(agentId: string): AgentSwitches {
    const row = this.store
      .prepare<[string], AgentRow>(
        'SELECT paused, breaker_open, escalation_id FROM recovery_agents WHERE agent_id = ?',
      )
      .get(agentId);
    return row
      ? { paused: row.paused === 1, breakerOpen: row.breaker_open === 1, escalationId: row.escalation_id }
      : OFF;
  }

  setAgent(agentId: string, switches: AgentSwitches): void {
    this.store
      .prepare(
        `INSERT INTO recovery_agents (agent_id, paused, breaker_open, escalation_id) VALUES (?, ?, ?, ?)
        ON CONFLICT(agent_id) DO UPDATE SET paused = excluded.paused, breaker_open = excluded.breaker_open, escalation_id = excluded.escalation_id`,
      )
      .run(agentId, switches.paused ? 1 : 0, switches.breakerOpen ? 1 : 0, switches.escalationId);
  }

  forgetAgent(agentId: string): void {
    this.store.prepare('DELETE FROM recovery_agents WHERE agent_id = ?').run(agentId);
  }

  private read(key: string): unknown {
    const row = this.store
      .prepare<[string], { value: string }>('SELECT value FROM recovery_settings WHERE key = ?')
      .get(key);
    return row ? JSON.parse(row.value) : undefined;
  }

  private write(key: string, value: unknown): void {
    this.store
      .prepare(
        'INSERT INTO recovery_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }
}
