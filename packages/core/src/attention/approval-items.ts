import type { AttentionItem } from '@switchboard/protocol';
import type { ApprovalRepository } from '../approvals/approval-repository';

/**
 * An agent's approvals fold into one item (one open item per agent and kind), which points at the newest.
 * When the approval it points at is decided, the item stays open if another of the agent's approvals still
 * waits, pointing at the newest of those (else that one had no item at all: `n` and the list skipped it).
 * Returns the items to close and the ones moved to another approval.
 */
export function afterApprovalDecided(
  approvals: Pick<ApprovalRepository, 'newestPendingOf'>,
  items: readonly AttentionItem[],
  at: string,
): { close: AttentionItem[]; moved: AttentionItem[] } {
  const close: AttentionItem[] = [];
  const moved: AttentionItem[] = [];
  for (const item of items) {
    const next =
      item.kind === 'approval_pending' && item.agentId !== null
        ? approvals.newestPendingOf(item.agentId)
        : undefined;
    if (!next) close.push(item);
    else
      moved.push({
        ...item,
        approvalId: next.id,
        title: `${item.agentName ?? item.agentId} asks: ${next.kind.replace('_', ' ')}`,
        body: next.summary,
        updatedAt: at,
      });
  }
  return { close, moved };
}
