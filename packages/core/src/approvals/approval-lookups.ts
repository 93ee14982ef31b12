import type { Approval } from '@switchboard/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { ApprovalRepository } from './approval-repository';

/** The audit actions that record how a decided prompt was answered in its pane (the prompt answerer's). */
const PROMPT_ANSWER_ACTIONS = ['prompt.answered', 'prompt.answer_failed'];

/**
 * Decided prompt items whose answer was never kept (the host stopped while it was under way, or it was decided
 * before answers were kept): each gets the outcome its newest audit entry recorded, if any; the ids of the others.
 * The audit log answers for all of them in one read.
 */
export function keepAnswersFromAudit(
  repository: Pick<ApprovalRepository, 'unansweredPrompts' | 'keepStoredAnswers'>,
  audit: Pick<AuditLog, 'latestDetails'>,
): string[] {
  const ids = repository.unansweredPrompts();
  if (ids.length === 0) return ids;
  const recorded = audit.latestDetails(PROMPT_ANSWER_ACTIONS, ids);
  repository.keepStoredAnswers(recorded);
  return ids.filter((id) => !recorded.has(id));
}

/**
 * Withdrawn items stored before their reason was kept with them: each gets the reason its `approval.withdrawn`
 * audit entry recorded, or "" when the log holds none any more (so the next start does not look again).
 */
export function keepWithdrawnReasonsFromAudit(
  repository: Pick<ApprovalRepository, 'withdrawnWithoutReason' | 'keepWithdrawnReasons'>,
  audit: Pick<AuditLog, 'latestDetails'>,
): void {
  const ids = repository.withdrawnWithoutReason();
  if (ids.length === 0) return;
  const recorded = audit.latestDetails(['approval.withdrawn'], ids);
  const reasons = new Map<string, string>();
  for (const id of ids) {
    const { reason } = JSON.parse(recorded.get(id) ?? '{}') as { reason?: unknown };
    reasons.set(id, typeof reason === 'string' ? reason : '');
  }
  repository.keepWithdrawnReasons(reasons);
}

/** Each item with its asker's name from the agent's record (one read for the page), closed agents included. */
export function withRequesterNames(
  items: Approval[],
  namesOf: (ids: readonly string[]) => ReadonlyMap<string, string>,
): Approval[] {
  const names = namesOf([...new Set(items.map((item) => item.requester))]);
  return items.map((item) => {
    const requesterName = names.get(item.requester);
    return requesterName ? { ...item, requesterName } : item;
  });
}
