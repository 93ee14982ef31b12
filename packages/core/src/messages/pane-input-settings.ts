import type { PaneInputMode } from '@switchboard/protocol';
import type { Store } from '../store/store';

/**
 * Per agent: its owner's pane-input setting (what messaging may type into its pane) and whether it uses
 * the endpoint (it called a command with its own token: it can read its inbox, so a typed line only
 * tells it that messages wait). Rows in SQLite, so both survive a host restart.
 */
export class PaneInputSettings {
  private readonly endpointUsers = new Set<string>();

  constructor(private readonly store: Store) {
    for (const row of store
      .prepare<[], { agent_id: string }>(
        'SELECT agent_id FROM message_pane_settings WHERE endpoint_seen_ms IS NOT NULL',
      )
      .all()) {
      this.endpointUsers.add(row.agent_id);
    }
  }

  mode(agentId: string): PaneInputMode {
    const row = this.store
      .prepare<[string], { pane_input: PaneInputMode }>(
        'SELECT pane_input FROM message_pane_settings WHERE agent_id = ?',
      )
      .get(agentId);
    return row?.pane_input ?? 'cli';
  }

  setMode(agentId: string, mode: PaneInputMode): void {
    this.store
      .prepare(
        `INSERT INTO message_pane_settings (agent_id, pane_input) VALUES (?, ?)
        ON CONFLICT(agent_id) DO UPDATE SET pane_input = excluded.pane_input`,
      )
      .run(agentId, mode);
  }

  usesEndpoint(agentId: string): boolean {
    return this.endpointUsers.has(agentId);
  }

  /** The agent closed: its row stays (history), the set keeps open agents only. */
  forget(agentId: string): void {
    this.endpointUsers.delete(agentId);
  }

  /** The agent called a command with its token; written once per agent (later calls cost a set lookup). */
  noteEndpointUse(agentId: string, nowMs: number): void {
    if (this.endpointUsers.has(agentId)) return;
    this.endpointUsers.add(agentId);
    this.store
      .prepare(
        `INSERT INTO message_pane_settings (agent_id, endpoint_seen_ms) VALUES (?, ?)
        ON CONFLICT(agent_id) DO UPDATE SET endpoint_seen_ms = excluded.endpoint_seen_ms`,
      )
      .run(agentId, nowMs);
  }
}
