import type { SwitchboardEvent } from '@switchboard/protocol';

/**
 * Which agents wait for a person's decision on an item they raised (`approval.request`, MCP
 * `approval_request`; the CLI's own prompts come to the queue this way too). Waiting for the human is
 * not being stuck: the health monitor does not call such an agent `hung` however long it is silent, and
 * the decision (or expiry, or withdrawal) restarts its silence clock.
 */
export class AskingHuman {
  private readonly pending = new Map<string, Set<string>>();

  /**
   * Follows approval events; returns the agent whose last pending item was just settled, if any. An item
   * raised for an agent that is `hung` (recovery's escalation about it) is about the agent, not its question.
   */
  follow(event: SwitchboardEvent, isHung: (agentId: string) => boolean): string | undefined {
    if (event.type === 'approval.requested') {
      const { id, requester, status } = event.approval;
      if (status !== 'pending' || requester === 'human' || isHung(requester)) return undefined;
      const items = this.pending.get(requester) ?? new Set<string>();
      items.add(id);
      this.pending.set(requester, items);
      return undefined;
    }
    if (
      event.type !== 'approval.decided' &&
      event.type !== 'approval.expired' &&
      event.type !== 'approval.withdrawn'
    )
      return undefined;
    const { id, requester } = event.approval;
    const items = this.pending.get(requester);
    if (!items?.delete(id) || items.size > 0) return undefined;
    this.pending.delete(requester);
    return requester;
  }

  isAsking(agentId: string): boolean {
    return this.pending.has(agentId);
  }

  forget(agentId: string): void {
    this.pending.delete(agentId);
  }
}
