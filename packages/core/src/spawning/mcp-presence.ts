import type { EventBus } from '../events/event-bus';

/**
 * Agents whose MCP client has asked the host who they are since it started: every `tools/list` does
 * (`agent.whoami` gives the tools its role permits), so an agent counts once its CLI has Switchboard's tools.
 * Claude Code shows its input prompt before its MCP servers have connected, and a turn begun then has none of
 * their tools: a spawn's first task waits for this (`initial-tasks.ts`). In memory, one id per agent, forgotten
 * when the agent is closed.
 */
export class McpPresence {
  private readonly seen = new Set<string>();
  private readonly listeners = new Set<(agentId: string) => void>();
  private readonly stop: () => void;

  constructor(bus: EventBus) {
    this.stop = bus.subscribe((event) => {
      if (event.type === 'agent.closed') this.seen.delete(event.agentId);
    });
  }

  /** The agent's MCP client asked who it is. */
  mark(agentId: string): void {
    if (this.seen.has(agentId)) return;
    this.seen.add(agentId);
    for (const listener of this.listeners) listener(agentId);
  }

  has(agentId: string): boolean {
    return this.seen.has(agentId);
  }

  /** Calls `listener` with each agent the first time it is marked; returns the unsubscribe. */
  onMarked(listener: (agentId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stop();
    this.listeners.clear();
  }
}
