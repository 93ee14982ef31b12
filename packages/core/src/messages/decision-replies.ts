import { humanCaller, SendMessageInput, SwitchboardError } from '@switchboard/protocol';
import type { Approval, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { MessagingService } from './messaging-service';

/** One message a decision owes an agent. */
export interface DecisionNote {
  to: string;
  kind: 'reply' | 'notification';
  body: string;
}

const quoted = (text: string) => `"${text.length > 160 ? `${text.slice(0, 160)}…` : text}"`;

/**
 * What the agents concerned are told when a person (or a policy, or expiry) decides an item an agent asked for:
 * the requester of an escalation or a lock request gets the outcome as a reply, and the holder whose lock was
 * handed over is told it no longer holds it. An escalation raised about an agent by recovery (its payload names
 * the agent itself) is not the agent's question and tells it nothing. A handoff's sender is told by messaging
 * itself (`tellHandoffSender`); permission and plan items answer in the pane or the plan.
 */
export function decisionNotes(approval: Approval, exists: (agentId: string) => boolean): DecisionNote[] {
  const requester = approval.requester;
  if (requester === 'human' || !exists(requester)) return [];
  if (approval.kind !== 'escalation' && approval.kind !== 'lock') return [];
  if (approval.kind === 'escalation' && approval.payload['agentId'] === requester) return [];
  const decision = approval.decision;
  const by = approval.status === 'expired' ? 'expiry' : (decision?.decidedBy ?? 'unknown');
  const comment = decision?.comment ? `: ${decision.comment}` : '.';
  const choice = decision?.choice ? ` ("${decision.choice}")` : '';
  const outcome = approval.status === 'expired' ? 'expired unanswered' : approval.status;
  const holder = approval.payload['lockHolder'];
  const resource =
    typeof approval.payload['resource'] === 'string' ? approval.payload['resource'] : undefined;
  const asked =
    approval.kind === 'lock' && resource
      ? `lock request for ${resource}`
      : `question ${quoted(approval.summary)}`;
  const notes: DecisionNote[] = [
    {
      to: requester,
      kind: 'reply',
      body: `Your ${asked} (${approval.id}) was ${outcome}${choice} by ${by}${comment}`,
    },
  ];
  if (
    approval.kind === 'lock' &&
    approval.status === 'approved' &&
    typeof holder === 'string' &&
    exists(holder)
  )
    notes.push({
      to: holder,
      kind: 'notification',
      body: `Your lock on ${resource ?? 'the resource'} was handed over (${approval.id}, decided by ${by}): you no longer hold it.`,
    });
  return notes;
}

/**
 * Sends each decided item's notes (decisionNotes) as messages from the human's side, typed into the agents' panes
 * as their inbox line. Before session 26 only the `approval.decided` event said it, and no CLI shows its model an
 * event: a Claude Code agent that asked "Deploy to staging?" never learnt the answer, and one whose lock was handed
 * over went on editing the files.
 */
export function tellAgentsTheirDecisions(
  bus: EventBus,
  messages: Pick<MessagingService, 'send'>,
  exists: (agentId: string) => boolean,
): () => void {
  return bus.subscribe((event: SwitchboardEvent) => {
    if (event.type !== 'approval.decided' && event.type !== 'approval.expired') return;
    let failure: unknown;
    for (const note of decisionNotes(event.approval, exists)) {
      try {
        messages.send(
          humanCaller,
          SendMessageInput.parse({
            kind: note.kind,
            to: { agent: note.to },
            body: note.body,
            correlationId: event.approval.id,
            dedupe: false,
          }),
        );
      } catch (err) {
        // The agent was closed in the meantime: nobody is left to tell. Anything else is a failure the bus logs
        // (with the event's type) once every note was tried, not a decision dropped without a trace.
        if (!(err instanceof SwitchboardError && err.code === 'not_found')) failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  });
}
