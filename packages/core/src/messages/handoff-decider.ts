/** A handoff copy set waiting for a human, as the decider sees it. */
export interface HandoffRequest {
  messageId: string;
  senderId: string;
  recipientIds: readonly string[];
  /** The recipients' names, in `recipientIds`' order (the id where the agent is gone), for what a person reads. */
  recipientNames: readonly string[];
  /** The handoff text (shown to the human who decides). */
  body: string;
  createdAt: string;
  expiresAt: string | null;
  /** What this decider returned for this handoff before (e.g. its approval id), so a re-ask finds it. */
  reference: string | null;
}

/** `decidedBy` of a handoff whose question went away undecided (its approval item withdrawn). */
export const HANDOFF_WITHDRAWN = 'withdrawn';

export interface HandoffDecision {
  approved: boolean;
  /**
   * Who decided: "human", or a policy's name for automatic decisions; `withdrawn` when the question went away
   * undecided (its sender or every recipient closed; then `reason` says which).
   */
  decidedBy: string;
  reason?: string;
}

/**
 * The hook between messaging and the approvals queue. Messaging commits a handoff as `held`, then calls
 * `requestDecision`; the decider answers later (or at once, for an automatic policy) through `decide`.
 *
 * Contract: `requestDecision` must be idempotent per `messageId`: messaging calls it again at startup
 * for every handoff still held (the `decide` callback of a previous process is gone). `decide` may be
 * called at most usefully once; later calls and calls for handoffs decided another way (`message.decide`,
 * expiry) are ignored. `approvalHandoffDecider` implements it over the approval queue (kind `handoff`).
 */
export interface HandoffDecider {
  /** May return a reference (e.g. an approval id); messaging stores it and passes it back on a re-ask. */
  requestDecision(request: HandoffRequest, decide: (decision: HandoffDecision) => void): string | void;
  /** Throws (e.g. `rate_limited`) when this sender may not ask for another decision now; checked before the send. */
  assertRoomFor?(senderId: string): void;
  /**
   * The handoff was decided another way (`message.decide`): whatever the decider still asks (its approval item,
   * by the reference it returned) ends with `reason`, so nobody is left to decide it again.
   */
  decidedElsewhere?(reference: string, reason: string): void;
}

/** Whether a handoff waits for a decision; default: every handoff does. */
export type HandoffPolicy = (
  request: Omit<HandoffRequest, 'body' | 'reference' | 'recipientNames'>,
) => 'ask' | 'deliver';

/** The decider used until an approvals queue is wired: it leaves handoffs held for `message.decide`. */
export const manualHandoffDecider: HandoffDecider = {
  requestDecision: () => undefined,
};
