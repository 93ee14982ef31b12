import type { Agent, SwitchboardEvent, TerminalFocus as Focus } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { TerminalBackend } from '../ports/terminal-backend';

export interface TerminalFocusDeps {
  backend: TerminalBackend;
  bus: EventBus;
  /** The open agents, to tell whose pane has the focus. */
  agents: () => readonly Agent[];
}

/** Events after which the focused pane may belong to another agent (or to none). */
const OWNERSHIP_EVENTS = new Set<SwitchboardEvent['type']>([
  'agent.spawned',
  'agent.updated',
  'agent.closed',
]);

/**
 * Which pane has the keyboard focus in the terminal, and whose agent it is. Follows the backend's
 * `pane.focused` (iTerm2's FocusChanged) and asks the backend where the focus is at start and after a
 * reconnect; emits `terminal.focused` whenever the pane or its agent changes (a spawned agent's pane often
 * takes the focus before the agent owns it).
 */
export class TerminalFocus {
  private paneId: string | null = null;
  private last: Focus = { paneId: null, agentId: null };
  /** Bumped by every focus event, so an older answer of `focusedPane()` cannot overwrite a newer event. */
  private generation = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly deps: TerminalFocusDeps) {}

  start(): void {
    this.disposers.push(
      this.deps.backend.onEvent((event) => {
        if (event.type === 'pane.focused') this.moveTo(event.paneId);
        else if (event.type === 'pane.closed' && event.paneId === this.paneId) this.moveTo(null);
        else if (event.type === 'backend.reconnected') void this.ask();
      }),
      this.deps.bus.subscribe((event) => {
        if (OWNERSHIP_EVENTS.has(event.type)) this.report();
      }),
    );
    void this.ask();
  }

  /** The focused pane and its agent now. */
  current(): Focus {
    const paneId = this.paneId;
    const agent = paneId === null ? undefined : this.deps.agents().find((a) => a.paneId === paneId);
    return { paneId, agentId: agent?.id ?? null };
  }

  close(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private moveTo(paneId: string | null): void {
    this.generation++;
    this.paneId = paneId;
    this.report();
  }

  /** Where the backend says the focus is, unless a focus event arrived meanwhile. */
  private async ask(): Promise<void> {
    const asked = this.generation;
    // A backend that cannot say (or fails to) leaves the focus as events last reported it.
    const paneId = await this.deps.backend.focusedPane?.().catch(() => undefined);
    if (paneId !== undefined && asked === this.generation) this.moveTo(paneId);
  }

  private report(): void {
    const now = this.current();
    if (now.paneId === this.last.paneId && now.agentId === this.last.agentId) return;
    this.last = now;
    this.deps.bus.emit({ type: 'terminal.focused', focus: now });
  }
}
