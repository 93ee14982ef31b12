import { bidiShown, type AttentionItem, type SwitchboardEvent } from '@switchboard/protocol';
import { isShellChatter } from '../attention/attention-centre';
import type { FleetState } from './fleet-state';

/** Something the person should look at, shown as a toast. */
export interface Notice {
  id: string;
  tone: 'attention' | 'error' | 'info';
  title: string;
  body: string;
  /** The agent whose pane "Go to pane" focuses. */
  agentId: string | null;
  /** Set when the notice is about the approval queue ("Open queue"). */
  queue?: boolean;
  /** Set for a turn cut off by a restart (`turn_interrupted`): the toast offers "Continue its turn" (the human's click). */
  continueTurn?: boolean;
  /** The approval item it is about: hidden while the person's decision on it waits out its undo window. */
  approvalId?: string;
  /** `body` is an agent's own words (`human.notify`): the toast quotes them under the title, which is Switchboard's. */
  agentWords?: boolean;
  /** The core's notification this toast shows (attention.raised); "Go to pane" and Dismiss act on it. */
  attentionId?: string;
  /** Toasts of one group are shown together. */
  group?: string;
}

/** Toasts shown as one: a group with several notices reads "2 agents are waiting for input". */
export interface NoticeGroup {
  key: string;
  /** Newest first. */
  notices: Notice[];
  title: string;
}

const TONES: Record<AttentionItem['severity'], Notice['tone']> = {
  info: 'info',
  warning: 'attention',
  critical: 'error',
};

/** The toast for a core notification, or null when it is silenced (do-not-disturb, muted team). */
export function noticeOf(item: AttentionItem): Notice | null {
  if (item.silenced !== null || item.status !== 'open') return null;
  return {
    id: `attention-${item.id}`,
    tone: TONES[item.severity],
    title: item.title,
    body: item.occurrences > 1 ? `${item.body} · ${item.occurrences}×` : item.body,
    agentId: item.target?.agentId ?? item.agentId,
    attentionId: item.id,
    group: item.group,
    ...(item.kind === 'approval_pending' ? { queue: true } : {}),
    ...(item.kind === 'turn_interrupted' && item.agentId !== null ? { continueTurn: true } : {}),
    ...(item.approvalId ? { approvalId: item.approvalId } : {}),
  };
}

const TONES_BY_LEVEL: Record<string, Notice['tone']> = {
  error: 'error',
  blocked: 'error',
  warning: 'attention',
};

/**
 * The notice an event deserves, or null. Pure. The core decides what needs the person
 * (`attention.raised`: de-duplicated, rate-limited, silenced by do-not-disturb or a muted team); the
 * UI only shows it. Anything an agent sends the human with `human.notify` is shown as it comes.
 */
export function attentionOf(before: FleetState, event: SwitchboardEvent): Notice | null {
  switch (event.type) {
    case 'attention.raised':
      // Every command a plain shell runs "finishes": that stays in the attention centre, not in a toast.
      return isShellChatter(event.item, before.agents) ? null : noticeOf(event.item);
    case 'human.notified': {
      const { notification } = event;
      if (notification.fromAgentId) {
        // An agent's words: Switchboard says who and how urgent; what it wrote is quoted (views/shown-text.ts).
        const from = before.agents[notification.fromAgentId]?.name ?? 'An agent';
        const details = notification.details ? ` — ${notification.details}` : '';
        return {
          id: `event-${event.sequence}`,
          tone: TONES_BY_LEVEL[notification.level] ?? 'info',
          title: `${from} notifies you (${notification.level}):`,
          body: `${notification.summary}${details}`,
          agentId: notification.fromAgentId,
          agentWords: true,
        };
      }
      return {
        id: `event-${event.sequence}`,
        tone: TONES_BY_LEVEL[notification.level] ?? 'info',
        title: `Switchboard: ${notification.summary}`,
        body: bidiShown(notification.details ?? notification.level),
        agentId: null,
      };
    }
    default:
      return null;
  }
}

/**
 * The toasts after an event: a raised notification is added (or replaces its earlier toast), an
 * updated one replaces its toast if shown, closed ones leave; at most `max`, newest kept.
 */
export function noticesAfter(
  notices: Notice[],
  before: FleetState,
  event: SwitchboardEvent,
  max: number,
): Notice[] {
  if (event.type === 'attention.closed') {
    const closed = new Set(event.ids);
    return notices.some((n) => n.attentionId !== undefined && closed.has(n.attentionId))
      ? notices.filter((n) => n.attentionId === undefined || !closed.has(n.attentionId))
      : notices;
  }
  if (event.type === 'attention.updated') {
    const notice = noticeOf(event.item);
    const shown = notices.some((n) => n.attentionId === event.item.id);
    if (!shown) return notices;
    return notice
      ? notices.map((n) => (n.attentionId === event.item.id ? notice : n))
      : notices.filter((n) => n.attentionId !== event.item.id);
  }
  const notice = attentionOf(before, event);
  if (!notice) return notices;
  const rest =
    notice.attentionId === undefined ? notices : notices.filter((n) => n.attentionId !== notice.attentionId);
  return [...rest, notice].slice(-max);
}

const GROUP_TITLES: Record<string, (n: number) => string> = {
  waiting_for_input: (n) => `${n} agents are waiting for input`,
  error: (n) => `${n} agents hit errors`,
  hung: (n) => `${n} agents seem hung`,
  finished: (n) => `${n} agents finished`,
  approval_pending: (n) => `${n} approvals are waiting`,
};

/** Toasts grouped for display, oldest group first (by each group's newest toast), like the toasts; ungrouped toasts stand alone. */
export function groupNotices(notices: readonly Notice[]): NoticeGroup[] {
  const groups = new Map<string, Notice[]>();
  for (const notice of notices) {
    const key = notice.group ?? notice.id;
    groups.set(key, [notice, ...(groups.get(key) ?? [])]);
  }
  return [...groups.entries()]
    .map(([key, members]) => ({
      key,
      notices: members,
      title:
        members.length === 1
          ? members[0]!.title
          : (GROUP_TITLES[key]?.(members.length) ?? `${members.length} notifications`),
    }))
    .sort((a, b) => notices.indexOf(a.notices[0]!) - notices.indexOf(b.notices[0]!));
}
