import type { AttentionItem, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { logAt, type Logger } from '../ports/logger';
import type { TerminalBackend } from '../ports/terminal-backend';

export interface AttentionSignalDeps {
  bus: EventBus;
  backend: TerminalBackend;
  logger: Logger;
  /** The pane an agent runs in now, if any. */
  paneOf(agentId: string): string | undefined;
  /** The items open when Switchboard starts (a restart keeps asking for what is still open). */
  openItems: AttentionItem[];
}

/** What asks in the terminal: a decision or an agent stuck, not "finished" (news), nothing do-not-disturb held back. */
const signals = (item: AttentionItem): item is AttentionItem & { agentId: string } =>
  item.status === 'open' && item.agentId !== null && item.kind !== 'finished' && item.silenced === null;

/**
 * Attention where the person looks (issue 26): while an agent has an open item that needs the person, its pane
 * asks for attention in the terminal (`PaneAppearance.attention`: iTerm2's RequestAttention bounces the dock
 * icon; tmux sets `@switchboard_attention`), and stops asking when its last such item is answered, resolved or
 * dismissed. Only the changes 0 → some and some → 0 reach the backend.
 */
export class AttentionSignal {
  /** Signalling item id → its agent. */
  private readonly items = new Map<string, string>();
  /** Agent → the pane asked on (a restored agent has a new pane, which must be asked again). */
  private readonly asking = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: AttentionSignalDeps) {
    for (const item of deps.openItems) if (signals(item)) this.items.set(item.id, item.agentId);
    this.unsubscribe = deps.bus.subscribe((event) => this.onEvent(event));
    for (const agentId of new Set(this.items.values())) this.update(agentId);
  }

  close(): void {
    this.unsubscribe();
  }

  private onEvent(event: SwitchboardEvent): void {
    const touched = new Set<string>();
    if (event.type === 'attention.raised' || event.type === 'attention.updated') {
      const before = this.items.get(event.item.id);
      if (before) touched.add(before);
      if (signals(event.item)) this.items.set(event.item.id, event.item.agentId);
      else this.items.delete(event.item.id);
      if (event.item.agentId) touched.add(event.item.agentId);
    } else if (event.type === 'attention.closed') {
      for (const id of event.ids) {
        const agentId = this.items.get(id);
        if (agentId === undefined) continue;
        this.items.delete(id);
        touched.add(agentId);
      }
    } else if (event.type === 'agent.closed') {
      this.asking.delete(event.agentId);
    } else if (event.type === 'agent.updated') {
      // Lost (no pane) or restored (fleet.restore, agent.restart: a new pane): ask again where it runs now.
      const askedOn = this.asking.get(event.agent.id);
      if (askedOn !== undefined && askedOn !== event.agent.paneId) this.asking.delete(event.agent.id);
      if (askedOn !== event.agent.paneId) touched.add(event.agent.id);
    }
    for (const agentId of touched) this.update(agentId);
  }

  private update(agentId: string): void {
    const wanted = [...this.items.values()].includes(agentId);
    if (wanted === this.asking.has(agentId)) return;
    const paneId = this.deps.paneOf(agentId);
    if (!paneId) return;
    if (wanted) this.asking.set(agentId, paneId);
    else this.asking.delete(agentId);
    this.deps.backend.setAppearance(paneId, { attention: wanted }).catch((error: unknown) => {
      logAt.warn(this.deps.logger, 'the terminal attention request failed', {
        component: 'attention',
        agent: agentId,
        paneId,
        attention: wanted,
        err: error,
      });
    });
  }
}
