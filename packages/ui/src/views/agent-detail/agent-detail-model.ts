import type { AgentRecoveryStatus, Lock, Message, SwitchboardEvent } from '@switchboard/protocol';
import type { FleetState } from '../../store/fleet-state';

/** An agent's mail, newest first: what it received and what it sent. */
export interface Mail {
  inbox: Message[];
  outbox: Message[];
}

/** Splits message.history's answer for one agent into inbox and outbox (a message to itself is in both). Pure. */
export function mailOf(messages: readonly Message[], agentId: string): Mail {
  const newestFirst = [...messages].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.cursor - a.cursor,
  );
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
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Does this event change the agent's recovery log or status? (A fleet-wide pause or resume does too.) */
export function touchesRecovery(event: SwitchboardEvent, agentId: string): boolean {
  if (!event.type.startsWith('recovery.')) return false;
  const subject = (event as { agentId?: string | null }).agentId;
  return subject === agentId || subject === null;
}

/** One line on an agent's recovery: breaker, pause, failures, episode, last heartbeat. Pure. */
export function recoverySummary(status: AgentRecoveryStatus): string {
  const parts = [`breaker ${status.breaker}`];
  if (status.paused)
    parts.push(status.pausedSelf ? 'recovery paused for this agent' : 'recovery paused fleet-wide');
  if (status.failures > 0)
    parts.push(`${status.failures} failed ${status.failures === 1 ? 'step' : 'steps'}`);
  if (status.episode)
    parts.push(
      `episode: ${status.episode.trigger}${status.episode.step ? `, at ${status.episode.step}` : ''}`,
    );
  parts.push(
    status.heartbeat
      ? `heartbeat ${Math.round(status.heartbeat.ageMs / 1000)} s ago (${status.heartbeat.source})`
      : 'no heartbeat yet',
  );
  return parts.join(' · ');
}

/** The agent's last trace: the OpenTelemetry trace of its newest message in or out that has one (the host traces when an OTLP endpoint is set). Pure. */
export function lastTraceOf(
  mail: Mail,
): { traceId: string; messageId: string; createdAt: string } | undefined {
  const newest = [...mail.inbox, ...mail.outbox]
    .filter((m): m is Message & { traceId: string } => typeof m.traceId === 'string' && m.traceId.length > 0)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.cursor - a.cursor)[0];
  return newest ? { traceId: newest.traceId, messageId: newest.id, createdAt: newest.createdAt } : undefined;
}
