import type { SwitchboardEvent } from '@switchboard/protocol';
import type { FleetState } from './fleet-state';

/** Something the person should look at, shown as a toast. */
export interface Notice {
  id: string;
  tone: 'attention' | 'error' | 'info';
  title: string;
  body: string;
  /** The agent whose pane "Go to pane" focuses. */
  agentId: string | null;
}

const attentionStates = new Set(['waiting_for_input', 'error', 'hung', 'lost']);

/**
 * The notice an event deserves, judged against the state before it, or null. Pure: an agent entering
 * a state that needs a person (waiting for input, error, hung, lost) is worth a toast; staying there is not.
 */
export function attentionOf(before: FleetState, event: SwitchboardEvent): Notice | null {
  switch (event.type) {
    case 'agent.updated': {
      const previous = before.agents[event.agent.id];
      const { agent } = event;
      if (!attentionStates.has(agent.state) || previous?.state === agent.state) return null;
      return {
        id: `event-${event.sequence}`,
        tone: agent.state === 'waiting_for_input' ? 'attention' : 'error',
        title: `${agent.name} ${agent.state === 'waiting_for_input' ? 'is waiting for input' : `is ${agent.state}`}`,
        body: `${agent.kind} · ${agent.role}`,
        agentId: agent.id,
      };
    }
    default:
      return null;
  }
}
