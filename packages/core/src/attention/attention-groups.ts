import type { AttentionGroup, AttentionItem, AttentionSeverity } from '@switchboard/protocol';

export const SEVERITY_RANK: Record<AttentionSeverity, number> = { info: 0, warning: 1, critical: 2 };
const GROUP_TITLES: Record<string, (n: number) => string> = {
  waiting_for_input: (n) => (n === 1 ? 'An agent is waiting for input' : `${n} agents are waiting for input`),
  error: (n) => (n === 1 ? 'An agent hit an error' : `${n} agents hit errors`),
  hung: (n) => (n === 1 ? 'An agent seems hung' : `${n} agents seem hung`),
  finished: (n) => (n === 1 ? 'An agent finished' : `${n} agents finished`),
  approval_pending: (n) => (n === 1 ? 'An approval is waiting' : `${n} approvals are waiting`),
  task_held: (n) => (n === 1 ? "An agent's first task is held" : `${n} agents' first tasks are held`),
  turn_interrupted: (n) =>
    n === 1 ? "An agent's last turn was interrupted" : `${n} agents' last turns were interrupted`,
};

/** Open items grouped by kind, most severe group first, newest item first within a group. */
export function groupsOf(items: readonly AttentionItem[]): AttentionGroup[] {
  const byGroup = new Map<string, AttentionItem[]>();
  for (const item of items) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
  return [...byGroup.entries()]
    .map(([group, members]) => {
      const sorted = [...members].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const severity = sorted.reduce<AttentionSeverity>(
        (worst, i) => (SEVERITY_RANK[i.severity] > SEVERITY_RANK[worst] ? i.severity : worst),
        'info',
      );
      return {
        group,
        kind: sorted[0]!.kind,
        severity,
        title: GROUP_TITLES[group]?.(sorted.length) ?? `${sorted.length} × ${group}`,
        itemIds: sorted.map((i) => i.id),
        agentIds: [...new Set(sorted.flatMap((i) => (i.agentId ? [i.agentId] : [])))],
      };
    })
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.group.localeCompare(b.group));
}
