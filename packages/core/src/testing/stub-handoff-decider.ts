import type { HandoffDecider, HandoffDecision, HandoffRequest } from '../messages/handoff-decider';

/** A HandoffDecider for tests: records requests; the test decides them later with `approve`/`deny`. */
export class StubHandoffDecider implements HandoffDecider {
  readonly requests: HandoffRequest[] = [];
  private readonly callbacks = new Map<string, (decision: HandoffDecision) => void>();

  requestDecision(request: HandoffRequest, decide: (decision: HandoffDecision) => void): void {
    this.requests.push(request);
    this.callbacks.set(request.messageId, decide);
  }

  approve(messageId: string, reason?: string): void {
    this.answer(messageId, {
      approved: true,
      decidedBy: 'stub',
      ...(reason === undefined ? {} : { reason }),
    });
  }

  deny(messageId: string, reason?: string): void {
    this.answer(messageId, {
      approved: false,
      decidedBy: 'stub',
      ...(reason === undefined ? {} : { reason }),
    });
  }

  private answer(messageId: string, decision: HandoffDecision): void {
    const decide = this.callbacks.get(messageId);
    if (!decide) throw new Error(`no handoff ${messageId} was requested`);
    decide(decision);
  }
}
