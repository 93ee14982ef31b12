import type { SwitchboardEvent } from '@switchboard/protocol';
import { ApprovalRepository } from '../approvals/approval-repository';
import type { Store } from '../store/store';
import type { Tracer } from '../ports/tracer';

/**
 * An approval item as a span from its request to its decision (or expiry, or withdrawal), recorded when
 * it ends, in the trace of the call that raised it (the item keeps that call's traceparent in the store,
 * so a decision after a restart still lands in the right trace). Returns the unsubscribe.
 */
export function recordApprovalSpans(
  tracer: Tracer,
  store: Store,
  subscribe: (listener: (event: SwitchboardEvent) => void) => () => void,
  now: () => number,
): () => void {
  const approvals = new ApprovalRepository(store);
  return subscribe((event) => {
    if (
      event.type !== 'approval.decided' &&
      event.type !== 'approval.expired' &&
      event.type !== 'approval.withdrawn'
    )
      return;
    const { approval } = event;
    const traceparent = approvals.traceparentOf(approval.id);
    if (traceparent === undefined) return;
    const endMs = approval.decision ? Date.parse(approval.decision.decidedAt) : now();
    tracer.record(
      'approval',
      { traceparent, startMs: Date.parse(approval.createdAt), endMs },
      {
        'switchboard.approval_id': approval.id,
        'switchboard.approval_kind': approval.kind,
        'switchboard.approval_outcome':
          event.type === 'approval.decided'
            ? (approval.decision?.verdict ?? 'decided')
            : event.type.slice('approval.'.length),
      },
    );
  });
}
