/** A handoff copy set waiting for a human, as the decider sees it. */
export interface HandoffRequest {
  messageId: string;
  senderId: string;
  recipientIds: readonly string[];
  /** The handoff text (shown to the human who decides). */
  body: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface HandoffDecision {
  approved: boolean;
  /** Who decided: "human", or a policy's name for automatic decisions. */
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
 * expiry) are ignored. Approvals (issue 8) implement this with an approval of kind `handoff`.
 */
export interface HandoffDecider {
  requestDecision(request: HandoffRequest, decide: (decision: HandoffDecision) => void): void;
}

/** Whether a handoff waits for a decision; default: every handoff does. */
export type HandoffPolicy = (request: Omit<HandoffRequest, 'body'>) => 'ask' | 'deliver';

/** The decider used until an approvals queue is wired: it leaves handoffs held for `message.decide`. */
export const manualHandoffDecider: HandoffDecider = {
  requestDecision: () => undefined,
};
