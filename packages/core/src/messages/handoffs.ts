import { SwitchboardError, type CommandOutput } from '@switchboard/protocol';
import {
  manualHandoffDecider,
  type HandoffDecider,
  type HandoffDecision,
  type HandoffRequest,
} from './handoff-decider';
import type { MessagingContext } from './messaging-context';
import type { PaneDelivery } from './pane-delivery';

/** A decided handoff, as its sender is told about it. */
export interface HandoffOutcome {
  messageId: string;
  senderId: string;
  recipientIds: readonly string[];
  decision: HandoffDecision;
}

/** Held handoffs: asking the decider (again after a restart), applying its decision, telling the sender. */
export class Handoffs {
  private readonly decider: HandoffDecider;

  constructor(
    private readonly context: MessagingContext,
    private readonly pane: PaneDelivery,
    private readonly tellSender: (outcome: HandoffOutcome) => void,
  ) {
    this.decider = context.deps.decider ?? manualHandoffDecider;
  }

  /** Throws when the decider will not take another handoff of this sender now (before anything is stored). */
  assertRoomFor(senderId: string): void {
    this.decider.assertRoomFor?.(senderId);
  }

  /** Asks for a decision on every handoff still held (at start-up: the previous process's callbacks are gone). */
  askForAllHeld(): void {
    const ids = new Set(this.context.repository.heldCopies().map((row) => row.message_id));
    for (const id of ids) this.askForDecision(id);
  }

  /**
   * The human's decision with `message.decide`: applied, and what the decider still asks (its approval item) ends
   * with it, so the queue holds nothing left to decide.
   */
  decideDirectly(messageId: string, decision: HandoffDecision): CommandOutput<'message.decide'> {
    const reference = this.context.repository.findMessage(messageId)?.decision_ref ?? null;
    const outcome = this.decide(messageId, decision);
    if (reference !== null)
      this.decider.decidedElsewhere?.(reference, `decided with message.decide: ${outcome.state}`);
    return outcome;
  }

  /** Applies a human's (or a policy's) decision on a held handoff. */
  decide(messageId: string, decision: HandoffDecision): CommandOutput<'message.decide'> {
    const { deps, repository, waiters } = this.context;
    const copies = repository.heldCopies(messageId);
    if (copies.length === 0) {
      if (repository.findMessage(messageId))
        throw new SwitchboardError('conflict', `Message "${messageId}" is not waiting for a decision`, {
          hint: 'It was decided already, expired, or is not a handoff.',
        });
      throw new SwitchboardError('not_found', `No message "${messageId}"`);
    }
    const now = deps.clock.now();
    const cursors = copies.map((c) => c.cursor);
    deps.store.transaction(() =>
      repository.setState(cursors, decision.approved ? 'queued' : 'denied', decision.approved ? null : now),
    );
    deps.bus.emit({
      type: 'message.handoff_decided',
      messageId,
      approved: decision.approved,
      decidedBy: decision.decidedBy,
      reason: decision.reason ?? null,
    });
    if (decision.approved) {
      waiters.wake(copies.map((c) => c.recipient_id));
      for (const copy of copies) if (copy.pane_state === 'pending') this.pane.kick(copy.recipient_id);
    }
    const message = repository.findMessage(messageId);
    if (message)
      this.tellSender({
        messageId,
        senderId: message.sender_id,
        recipientIds: copies.map((c) => c.recipient_id),
        decision,
      });
    return { messageId, state: decision.approved ? 'released' : 'denied', recipients: copies.length };
  }

  askForDecision(messageId: string): void {
    const { repository } = this.context;
    const copies = repository.heldCopies(messageId);
    const message = repository.findMessage(messageId);
    if (!message || copies.length === 0) return;
    const recipientIds = copies.map((c) => c.recipient_id);
    const { fleet } = this.context.deps;
    const request: HandoffRequest = {
      messageId,
      senderId: message.sender_id,
      recipientIds,
      recipientNames: recipientIds.map((id) => fleet.repository.nameOf(id)),
      body: message.body,
      createdAt: new Date(message.created_ms).toISOString(),
      expiresAt: message.expires_ms === null ? null : new Date(message.expires_ms).toISOString(),
      reference: message.decision_ref ?? null,
    };
    const reference = this.decider.requestDecision(request, (decision) => {
      if (this.context.isClosed() || repository.heldCopies(messageId).length === 0) return;
      this.decide(messageId, decision);
    });
    if (typeof reference === 'string' && reference !== request.reference)
      repository.setDecisionRef(messageId, reference);
  }
}
