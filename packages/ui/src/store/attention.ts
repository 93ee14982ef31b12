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
  /** Set when the notice is about the approval queue ("Open queue"). */
  queue?: boolean;
}

const attentionStates = new Set(['waiting_for_input', 'error', 'hung', 'lost']);

/**
 * The notice an event deserves, judged against the state before it, or null. Pure: an agent entering
 * a state that needs a person (waiting for input, error, hung, lost) is worth a toast, staying there is
 * not; so is anything an agent sends the human with `human.notify`.
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
    case 'approval.requested': {
      const { approval } = event;
      const who = before.agents[approval.requester]?.name ?? (approval.requester === 'human' ? 'You' : approval.requester);
      return {
        id: `event-${event.sequence}`,
        tone: 'attention',
        title: `${who} asks: ${approval.kind.replace('_', ' ')}`,
        body: approval.summary,
        agentId: before.agents[approval.requester] ? approval.requester : null,
        queue: true,
      };
    }
    case 'human.notified': {
      const { notification } = event;
      const from = notification.fromAgentId ? before.agents[notification.fromAgentId]?.name ?? 'An agent' : 'Switchboard';
      return {
        id: `event-${event.sequence}`,
        tone: notification.level === 'error' || notification.level === 'blocked' ? 'error' : notification.level === 'warning' ? 'attention' : 'info',
        title: `${from}: ${notification.summary}`,
        body: notification.details ?? notification.level,
        agentId: notification.fromAgentId,
      };
    }
    default:
      return null;
  }
}
