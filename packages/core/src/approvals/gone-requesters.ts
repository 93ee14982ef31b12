import { logAt, silentLogger, type Logger } from '../ports/logger';
import type { Approval } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { ApprovalService } from './approval-service';

/**
 * Items another owner ends: a prompt's item (a permission item Switchboard raised from a pane's prompt, `source`
 * screen or hook) is the prompt service's, which withdraws it when its agent closes, with its own reason; a plan
 * step's item (`planId`) is its plan's: the step waits on it whoever created the plan, and the plan withdraws it
 * when the step is cancelled or skipped. The same kinds asked with `approval.request` are the requester's.
 */
function ownedElsewhere(approval: Approval): boolean {
  const { source, planId } = approval.payload;
  if (approval.kind === 'permission') return source === 'screen' || source === 'hook';
  return approval.kind === 'plan_step' && typeof planId === 'string';
}

export interface FleetLookups {
  /**
   * Whether this id is an agent that was closed (or replaced): it has a record and is not open. An id with no
   * record is not taken for a closed agent (core raises items only for agents it knows; tests use made-up ids).
   */
  isClosed(agentId: string): boolean;
  /** An agent's name from its record (closed agents included), or the id. */
  nameOf(agentId: string): string;
}

/** The agent ids a handoff item hands work to (`payload.recipients`, as messaging raises it). */
function recipientsOf(approval: Approval): string[] {
  const recipients = approval.payload['recipients'];
  return Array.isArray(recipients) ? recipients.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * Why a pending item can no longer be answered to anyone, or undefined while it can: its requesting agent was
 * closed (a question, an escalation, a lock request or a handoff it asked for), or every recipient of a handoff
 * was. A lock request whose holder closed stays: the person can still hand the lease over.
 */
export function goneReason(approval: Approval, fleet: FleetLookups): string | undefined {
  if (approval.status !== 'pending' || ownedElsewhere(approval)) return undefined;
  if (approval.requester !== 'human' && fleet.isClosed(approval.requester))
    return `its requester ${fleet.nameOf(approval.requester)} was closed`;
  if (approval.kind !== 'handoff') return undefined;
  const recipients = recipientsOf(approval);
  if (recipients.length === 0 || !recipients.every((id) => fleet.isClosed(id))) return undefined;
  return recipients.length === 1
    ? `its recipient ${fleet.nameOf(recipients[0]!)} was closed`
    : `all ${recipients.length} of its recipients were closed`;
}

/**
 * Ends the items of agents that are gone: at start-up (for agents closed while the host was down, or before this
 * rule) and after every `agent.closed`, each withdrawn with its reason (audited, announced, its waiters woken).
 * Returns the stop (before the store closes).
 */
export function withdrawWhenGone(
  approvals: Pick<ApprovalService, 'pending' | 'withdraw'>,
  fleet: FleetLookups,
  bus: EventBus,
  logger: Logger = silentLogger,
): () => void {
  let stopped = false;
  // All pending items at start-up; after a close only those naming the closed agent.
  const sweep = (agentId?: string) => {
    if (stopped) return;
    for (const approval of approvals.pending(agentId)) {
      const reason = goneReason(approval, fleet);
      if (reason) approvals.withdraw(approval.id, reason);
    }
  };
  const later = (agentId?: string) =>
    queueMicrotask(() => {
      try {
        sweep(agentId);
      } catch (err) {
        // Not thrown on: in a microtask it would end the host; the items then wait for their expiry (as before
        // this rule), and the next start sweeps them. Logged: a sweep that fails is a bug.
        logAt.error(logger, "withdrawing a closed agent's items failed", {
          component: 'approvals',
          agent: agentId,
          err,
        });
      }
    });
  // At start-up once every domain is built and listening (the person's notifications of these items close with
  // them); after a close once the event has reached every subscriber (as the prompt service does).
  later();
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'agent.closed') later(event.agentId);
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}
