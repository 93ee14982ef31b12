import { Emitter } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { logListenerError } from '../events/listener-errors';
import type { Logger } from '../ports/logger';
import type { Store } from '../store/store';

/** The pane an agent's CLI runs in now (null: none); presence counts for the pane it was seen in. */
export type PaneOf = (agentId: string) => string | null | undefined;

/** Calls the listener with each agent whose tokens were revoked; returns the unsubscribe (`AgentTokens.onRevoked`). */
export type OnTokensRevoked = (listener: (agentId: string) => void) => () => void;

/**
 * Agents whose MCP client has asked the host who they are: every `tools/list` does (`agent.whoami` gives the
 * tools its role permits), so an agent counts once its CLI has Switchboard's tools. Claude Code shows its input
 * prompt before its MCP servers have connected, and a turn begun then has none of their tools: a spawn's first
 * task waits for this (`initial-tasks.ts`). Kept in SQLite (`mcp_presence`) with the pane it was seen in: a CLI
 * that listed its tools before a host restart does not list them again, so its pending task would be held for
 * nothing; a CLI relaunched in another pane (a restore) counts only once it asks again. Forgotten when the
 * agent is closed, and when its tokens are revoked: every relaunch revokes them (a restart in its own pane too, where
 * the pane alone would let the old CLI's listing count for the new one, whose prompt shows before its tools come).
 */
export class McpPresence {
  /** agent id → the pane its CLI ran in when it asked. */
  private readonly seen = new Map<string, string | null>();
  private readonly listeners: Emitter<string>;
  private readonly stops: (() => void)[];

  constructor(
    bus: EventBus,
    private readonly store?: Store,
    private readonly paneOf: PaneOf = () => null,
    onTokensRevoked?: OnTokensRevoked,
    logger?: Logger,
  ) {
    this.listeners = new Emitter(
      logListenerError(logger, 'mcp-presence', 'mcp.marked', (agent: string) => ({ agent })),
    );
    const rows = store
      ?.prepare<[], { agent_id: string; pane_id: string | null }>(
        'SELECT agent_id, pane_id FROM mcp_presence',
      )
      .all();
    for (const row of rows ?? []) this.seen.set(row.agent_id, row.pane_id);
    this.stops = [
      bus.subscribe((event) => {
        if (event.type === 'agent.closed') this.forget(event.agentId);
      }),
      ...(onTokensRevoked ? [onTokensRevoked((agentId) => this.forget(agentId))] : []),
    ];
  }

  /** The agent's CLI (if any) no longer counts: the next one counts once it asks. */
  private forget(agentId: string): void {
    this.seen.delete(agentId);
    this.store?.prepare('DELETE FROM mcp_presence WHERE agent_id = ?').run(agentId);
  }

  /** The agent's MCP client asked who it is. */
  mark(agentId: string): void {
    if (this.has(agentId)) return;
    const paneId = this.paneOf(agentId) ?? null;
    this.seen.set(agentId, paneId);
    this.store
      ?.prepare('INSERT OR REPLACE INTO mcp_presence (agent_id, pane_id) VALUES (?, ?)')
      .run(agentId, paneId);
    this.listeners.emit(agentId);
  }

  /** Whether the agent's CLI, in the pane it runs in now, has listed Switchboard's tools. */
  has(agentId: string): boolean {
    return this.seen.has(agentId) && this.seen.get(agentId) === (this.paneOf(agentId) ?? null);
  }

  /** Calls `listener` with each agent the first time it is marked (in its pane); returns the unsubscribe. */
  onMarked(listener: (agentId: string) => void): () => void {
    return this.listeners.on(listener);
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
  }
}
