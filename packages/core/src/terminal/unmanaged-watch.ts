import type { SwitchboardEvent, UnmanagedSession } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { TerminalBackend } from '../ports/terminal-backend';
import { unmanagedSessions } from '../spawning/unmanaged-panes';
import { CoalescedListing } from './coalesced-listing';

export interface UnmanagedWatchDeps {
  backend: TerminalBackend;
  bus: EventBus;
  repository: FleetRepository;
  /** Resolves once queued fleet changes are done, so a pane being spawned is an agent's before it is judged. */
  fleetIdle: () => Promise<void>;
}

const PANE_CHANGES = new Set(['pane.created', 'pane.closed', 'pane.exited', 'backend.reconnected']);

/**
 * The pane variable the list shows that changes without a pane event: what the pane runs. A pane opened to run a
 * program says `/bin/sh` for the moment before sh starts it, and a person starts programs in their tabs; terminals
 * that report the variable's changes (iTerm2 and the embedded server, when watched) then re-list.
 */
export const UNMANAGED_LIST_VARIABLES: readonly string[] = ['jobName'];

/**
 * Keeps the list of panes no agent owns current without polling: the backend's pane events (iTerm2's
 * NewSession / TerminateSession monitors), a change of what such a pane runs, and the fleet's ownership changes
 * trigger a re-list, and `terminal.unmanaged_changed` carries the new list whenever it differs. Re-lists are
 * coalesced (one per burst of changes, `CoalescedListing`; one more for what arrived while it ran) and wait for
 * the fleet to settle, so a pane an agent is being spawned into never shows up as unmanaged.
 */
export class UnmanagedWatch {
  /**
   * The list last reported, at first the empty one: a change that leaves no pane unmanaged (every spawn)
   * reports nothing, so the event sequence moves only when the list does. The UI reads the list itself
   * when it opens.
   */
  private last = '[]';
  /** Each agent's pane as last seen, so the frequent agent.updated of a state change triggers nothing. */
  private readonly panes = new Map<string, string | null>();
  /** Re-lists, one per burst of changes (`LISTING_DELAY_MS` after the first). */
  private readonly relists = new CoalescedListing(() => this.relist());
  private closed = false;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly deps: UnmanagedWatchDeps) {}

  start(): void {
    this.disposers.push(
      this.deps.backend.onEvent((event) => {
        if (PANE_CHANGES.has(event.type)) this.changed();
        else if (
          event.type === 'variable.changed' &&
          UNMANAGED_LIST_VARIABLES.includes(event.name) &&
          !this.deps.repository.agentInPane(event.paneId)
        )
          this.changed();
      }),
      this.deps.bus.subscribe((event) => {
        if (this.ownershipChanged(event)) this.changed();
      }),
    );
  }

  /** Resolves once the list reflects every change seen so far (tests). */
  async settled(): Promise<void> {
    await this.relists.settled();
  }

  close(): void {
    this.closed = true;
    this.relists.close();
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private ownershipChanged(event: SwitchboardEvent): boolean {
    if (event.type === 'agent.closed') {
      this.panes.delete(event.agentId);
      return true;
    }
    if (event.type !== 'agent.spawned' && event.type !== 'agent.updated') return false;
    const { id, paneId } = event.agent;
    if (this.panes.has(id) && this.panes.get(id) === paneId) return false;
    this.panes.set(id, paneId);
    return true;
  }

  private changed(): void {
    this.relists.trigger();
  }

  private async relist(): Promise<void> {
    await this.deps.fleetIdle();
    let sessions: UnmanagedSession[];
    try {
      sessions = await unmanagedSessions(this.deps.backend, this.deps.repository);
    } catch {
      // A terminal that cannot list now (iTerm2 gone) leaves the list as it was; its reconnect re-lists.
      return;
    }
    const serialized = JSON.stringify(sessions);
    if (this.closed || serialized === this.last) return;
    this.last = serialized;
    this.deps.bus.emit({ type: 'terminal.unmanaged_changed', sessions });
  }
}
