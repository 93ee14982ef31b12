import type { Agent, Approval, AttentionItem, AttentionKind, SwitchboardEvent } from '@switchboard/protocol';

/** Everything the attention centre holds, by id. */
export type AttentionItems = Record<string, AttentionItem>;

/** The items after an event: raised and updated items are stored, closed ones keep their new status. Pure. */
export function applyAttentionEvent(items: AttentionItems, event: SwitchboardEvent): AttentionItems {
  return applyAttentionEvents(items, [event]);
}

/**
 * The items after a burst of events, copied once (a flapping fleet raises hundreds at once: applying them
 * one by one copied every item per event). Pure; returns `items` itself when no event concerns it.
 */
export function applyAttentionEvents(
  items: AttentionItems,
  events: readonly SwitchboardEvent[],
): AttentionItems {
  let next: AttentionItems | undefined;
  const own = () => (next ??= { ...items });
  for (const event of events) {
    if (event.type === 'attention.raised' || event.type === 'attention.updated')
      own()[event.item.id] = event.item;
    else if (event.type === 'attention.closed') {
      const status = event.reason === 'dismissed' ? 'dismissed' : 'resolved';
      for (const id of event.ids) {
        const item = (next ?? items)[id];
        if (item && item.status === 'open') own()[id] = { ...item, status, updatedAt: event.at };
      }
    }
  }
  return next ?? items;
}

export interface AttentionFilter {
  /** Open items only (the default), or the history too. */
  show: 'open' | 'all';
  /** Kinds to show; empty shows every kind. */
  kinds: readonly AttentionKind[];
  /** Only what do-not-disturb or a muted team held back. */
  heldOnly: boolean;
  /** Words that must all appear in the title, body or agent name. */
  text: string;
  /** "Finished" items of plain shells: every command in a shell finishes, so they are hidden unless asked. */
  shellFinished: boolean;
}

export const defaultFilter: AttentionFilter = {
  show: 'open',
  kinds: [],
  heldOnly: false,
  text: '',
  shellFinished: false,
};

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
export const KIND_ORDER: readonly AttentionKind[] = [
  'approval_pending',
  'waiting_for_input',
  'error',
  'hung',
  'finished',
  'task_held',
  'turn_interrupted',
];
export const KIND_TITLES: Record<AttentionKind, string> = {
  approval_pending: 'Approvals waiting',
  waiting_for_input: 'Waiting for input',
  error: 'Errors',
  hung: 'Hung',
  finished: 'Finished',
  task_held: 'First tasks held',
  turn_interrupted: 'Turns interrupted',
};

/** True when an item is a plain shell's "finished" (each command it ran): hidden by default. */
export function isShellChatter(item: AttentionItem, agents: Record<string, Agent>): boolean {
  if (item.kind !== 'finished' || !item.agentId) return false;
  const kind = agents[item.agentId]?.kind;
  return kind === 'shell' || kind === 'custom';
}

/** The items the filter lets through, newest first. Pure. */
export function filterAttention(
  items: AttentionItems,
  agents: Record<string, Agent>,
  filter: AttentionFilter,
): AttentionItem[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return Object.values(items)
    .filter((item) => filter.show === 'all' || item.status === 'open')
    .filter((item) => filter.kinds.length === 0 || filter.kinds.includes(item.kind))
    .filter((item) => !filter.heldOnly || item.silenced !== null)
    .filter((item) => filter.shellFinished || !isShellChatter(item, agents))
    .filter((item) => {
      if (words.length === 0) return true;
      const text = `${item.title} ${item.body} ${item.agentName ?? ''}`.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
}

export interface AttentionSection {
  kind: AttentionKind;
  title: string;
  items: AttentionItem[];
}

/** Items grouped by kind, in the order a person triages them (approvals, waiting, errors, hung, finished). Pure. */
export function groupAttention(items: readonly AttentionItem[]): AttentionSection[] {
  return KIND_ORDER.map((kind) => ({
    kind,
    title: KIND_TITLES[kind],
    items: items.filter((i) => i.kind === kind),
  })).filter((s) => s.items.length > 0);
}

/**
 * What "next thing that needs me" goes to after `currentId`: open items, most severe first, then the
 * oldest first (the longest wait); wraps around. Shell chatter is skipped. Pure.
 */
export function nextAttention(
  items: AttentionItems,
  agents: Record<string, Agent>,
  currentId: string | null,
): AttentionItem | null {
  return nextTarget(items, agents, [], currentId)?.item ?? null;
}

/** Open items that need the person, for the tab's badge (shell chatter not counted). Pure. */
export function openCount(items: AttentionItems, agents: Record<string, Agent>): number {
  return Object.values(items).filter((i) => i.status === 'open' && !isShellChatter(i, agents)).length;
}

/** Where "next thing that needs me" goes: an attention item, or a pending approval no open item covers. */
export type NextTarget =
  | { key: string; item: AttentionItem; approvalId: string | null }
  | { key: string; item: null; approvalId: string };

/**
 * Like nextAttention, then every pending approval that no open item stands for (the core folds repeat
 * notifications of one agent within its cool-down, so some pending items have none), in the order
 * given (the queue's triage order). Cycles; null when nothing needs the person. Pure.
 */
export function nextTarget(
  items: AttentionItems,
  agents: Record<string, Agent>,
  pending: readonly Approval[],
  lastKey: string | null,
): NextTarget | null {
  const open = Object.values(items)
    .filter((i) => i.status === 'open' && !isShellChatter(i, agents))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
  const covered = new Set(open.map((i) => i.approvalId).filter((id): id is string => id !== null));
  const targets: NextTarget[] = [
    ...open.map((item) => ({ key: item.id, item, approvalId: item.approvalId })),
    ...pending.filter((a) => !covered.has(a.id)).map((a) => ({ key: a.id, item: null, approvalId: a.id })),
  ];
  if (targets.length === 0) return null;
  const index = lastKey === null ? -1 : targets.findIndex((t) => t.key === lastKey);
  return targets[(index + 1) % targets.length]!;
}
