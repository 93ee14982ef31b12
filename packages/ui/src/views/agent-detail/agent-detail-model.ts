import type { Lock, Message } from '@switchboard/protocol';
import type { FleetState } from '../../store/fleet-state';

/** An agent's mail, newest first: what it received and what it sent. */
export interface Mail {
  inbox: Message[];
  outbox: Message[];
}

/** Splits message.history's answer for one agent into inbox and outbox (a message to itself is in both). Pure. */
export function mailOf(messages: readonly Message[], agentId: string): Mail {
  const newestFirst = [...messages].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.cursor - a.cursor);
  return {
    inbox: newestFirst.filter((m) => m.recipientId === agentId),
    outbox: newestFirst.filter((m) => m.senderId === agentId),
  };
}

/** The leases an agent holds, oldest first. Pure. */
export function locksHeldBy(state: FleetState, agentId: string): Lock[] {
  return Object.values(state.locks)
    .filter((lock) => lock.owner === agentId)
    .sort((a, b) => a.acquiredAt.localeCompare(b.acquiredAt));
}

/** Does this event change what the agent's mail shows? */
export function touchesMail(event: { type: string }): boolean {
  return event.type.startsWith('message.');
}

/** "12:04:05" for an ISO time, in the viewer's time zone. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
