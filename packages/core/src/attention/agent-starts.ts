import type { SwitchboardEvent } from '@switchboard/protocol';

/**
 * Agents whose CLI is starting: spawned, or relaunched (`agent.updated` in `starting`: agent.restart, recovery's
 * restart, a restore; a fresh conversation or a resumed one, in a new pane or its own). A start prints before its
 * first frame, which health reads `working` from the output flowing alone until the prompt reads `idle`: the end of a
 * start, not a finished turn. The start is over at any other state, or at `working` said by more than output (a
 * spinner or "esc to interrupt" on screen, a hook): that is a turn (a task given on the command line, say).
 */
export class AgentStarts {
  private readonly starting = new Set<string>();

  /** Follows the event; true when it is a start's `working` → `idle` (no "finished" for it). */
  endsAStart(event: SwitchboardEvent): boolean {
    if (event.type === 'agent.spawned') this.starting.add(event.agent.id);
    else if (event.type === 'agent.updated' && event.agent.state === 'starting')
      this.starting.add(event.agent.id);
    else if (event.type === 'agent.closed') this.starting.delete(event.agentId);
    else if (event.type === 'health.state_changed') {
      const { state, signals } = event.health;
      if (state === 'working' && signals[0]?.source === 'output') return false;
      const started = this.starting.delete(event.agentId);
      return started && state === 'idle' && event.previous === 'working';
    }
    return false;
  }
}
