import { HUMAN_INBOX, humanCaller } from '@switchboard/protocol';
import type { Approval, Caller } from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import { HANDOFF_WITHDRAWN, type HandoffDecider, type HandoffDecision } from './handoff-decider';

/** How long a handoff without a TTL waits in the queue before expiry denies it. */
export const HANDOFF_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;
const SUMMARY_TEXT = 160;

const decisionOf = (approval: Approval): HandoffDecision => {
  if (approval.status === 'withdrawn')
    return {
      approved: false,
      decidedBy: HANDOFF_WITHDRAWN,
      ...(approval.withdrawnReason ? { reason: approval.withdrawnReason } : {}),
    };
  return {
    approved: approval.status === 'approved',
    decidedBy: approval.decision?.decidedBy ?? (approval.status === 'expired' ? 'expiry' : 'unknown'),
    ...(approval.decision?.comment ? { reason: approval.decision.comment } : {}),
  };
};

/**
 * Handoffs decided in the one approval queue: each held handoff becomes an approval of kind `handoff`
 * (payload: the message text and ids; policies may decide it at once), and its decision releases or
 * denies the handoff; its withdrawal (sender or every recipient closed) denies it too, and a handoff decided with
 * `message.decide` withdraws it. Re-asked after a restart, it finds its approval again by the stored reference.
 */
export function approvalHandoffDecider(queue: ApprovalQueue): HandoffDecider {
  return {
    // A held handoff is an item the sender asks for: it counts against the sender's waiting items.
    assertRoomFor: (senderId) => {
      if (senderId !== HUMAN_INBOX) queue.assertRoomFor({ kind: 'agent', id: senderId });
    },
    requestDecision(request, decide) {
      let approval = request.reference === null ? undefined : queue.get(request.reference);
      if (!approval) {
        const requester: Caller =
          request.senderId === HUMAN_INBOX ? humanCaller : { kind: 'agent', id: request.senderId };
        const text =
          request.body.length > SUMMARY_TEXT ? `${request.body.slice(0, SUMMARY_TEXT)}…` : request.body;
        const expiresInMs =
          request.expiresAt === null
            ? HANDOFF_APPROVAL_TTL_MS
            : Math.max(1_000, Date.parse(request.expiresAt) - Date.parse(request.createdAt));
        approval = queue.raise(requester, {
          kind: 'handoff',
          summary: `Handoff to ${request.recipientNames.length === 1 ? request.recipientNames[0] : `${request.recipientNames.length} agents`}: ${text.replace(/\s+/g, ' ')}`,
          payload: {
            message: request.body,
            messageId: request.messageId,
            recipients: [...request.recipientIds],
          },
          choices: ['deliver', 'deny'],
          expiresInMs,
          onExpiry: 'deny',
        });
      }
      const id = approval.id;
      if (approval.status !== 'pending') {
        decide(decisionOf(approval));
        return id;
      }
      // Decided, or withdrawn undecided: either way the handoff ends with it (once).
      const ended = (item: Approval) => {
        if (item.id !== id) return;
        stopDecided();
        stopWithdrawn();
        decide(decisionOf(item));
      };
      const stopDecided = queue.onDidDecide(ended);
      const stopWithdrawn = queue.onDidWithdraw(ended);
      return id;
    },
    decidedElsewhere: (reference, reason) => void queue.withdraw(reference, reason),
  };
}
