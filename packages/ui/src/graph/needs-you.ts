import type { Agent, AgentState, Approval, AttentionItem } from '@switchboard/protocol';
import { pendingApprovals } from '../approvals/approval-selectors';
import { triageOrder } from '../approvals/triage';
import type { FleetState } from '../store/fleet-state';
import { compareNames } from '../store/name-order';

/**
 * Why an agent needs the person: it asks for a decision, waits for input, sits resumed at its prompt with its last
 * turn cut off (an open `turn_interrupted` item: its state reads idle), failed, hangs or is gone.
 */
export type NeedKind = 'approval' | 'waiting' | 'turn' | 'error' | 'hung' | 'lost';

export interface NeedsYouEntry {
  agent: Agent;
  kind: NeedKind;
  /** Its most urgent pending item (triage order), if it asks for one. */
  approval: Approval | null;
  /** Since when it has needed the person (ms since the epoch): the item's creation, else the state's start. */
  since: number;
}

const NEED_OF_STATE: Partial<Record<AgentState, NeedKind>> = {
  waiting_for_input: 'waiting',
  error: 'error',
  hung: 'hung',
  lost: 'lost',
  unreachable: 'lost',
};
const RANK: Record<NeedKind, number> = { approval: 0, waiting: 1, turn: 2, error: 3, hung: 4, lost: 5 };

export const NEED_LABELS: Record<NeedKind, string> = {
  approval: 'asks you',
  waiting: 'waiting for input',
  turn: 'turn cut off',
  error: 'error',
  hung: 'hung',
  lost: 'lost',
};

/** Whether an agent in this state needs the person even without a pending item. */
export function stateNeedsYou(state: AgentState): boolean {
  return NEED_OF_STATE[state] !== undefined;
}

/** Agents with a turn cut off waiting for the person (open `turn_interrupted` items): agent id → since when. Pure. */
export function cutTurnsOf(items: Iterable<AttentionItem>): Map<string, string> {
  const cut = new Map<string, string>();
  for (const item of items)
    if (item.kind === 'turn_interrupted' && item.status === 'open' && item.agentId !== null)
      cut.set(item.agentId, item.createdAt);
  return cut;
}

/**
 * Every agent that needs the person, most pressing first: those asking a decision (in the queue's triage
 * order), then waiting for input, a turn cut off (`cutTurns`: cutTurnsOf), error, hung, lost; the longest waiting
 * first within each. Pure.
 */
export function needsYou(
  state: FleetState,
  nowMs: number,
  cutTurns: ReadonlyMap<string, string> = new Map(),
): NeedsYouEntry[] {
  const firstItem = firstItemByAgent(state, nowMs);
  const order = [...firstItem.keys()];
  const entries: NeedsYouEntry[] = [];
  for (const agent of Object.values(state.agents)) {
    const approval = firstItem.get(agent.id) ?? null;
    const cut = cutTurns.get(agent.id);
    const kind = approval
      ? 'approval'
      : (NEED_OF_STATE[agent.state] ?? (cut === undefined ? undefined : 'turn'));
    if (!kind) continue;
    const since = approval?.createdAt ?? (kind === 'turn' ? cut : undefined) ?? agent.stateSince;
    entries.push({ agent, kind, approval, since: Date.parse(since) });
  }
  return entries.sort((a, b) => {
    if (a.kind === 'approval' && b.kind === 'approval')
      return order.indexOf(a.agent.id) - order.indexOf(b.agent.id);
    return RANK[a.kind] - RANK[b.kind] || a.since - b.since || compareNames(a.agent.name, b.agent.name);
  });
}

/** Each requester's most urgent pending item (the queue's triage order), in that order. Pure. */
export function firstItemByAgent(state: FleetState, nowMs: number): Map<string, Approval> {
  const firstItem = new Map<string, Approval>();
  for (const approval of triageOrder(pendingApprovals(state), nowMs)) {
    if (!firstItem.has(approval.requester)) firstItem.set(approval.requester, approval);
  }
  return firstItem;
}

/** The fleet without the items whose decision waits out its undo window (answered, just not sent yet). Pure. */
export function withoutHeld(state: FleetState, held: ReadonlySet<string>): FleetState {
  if (held.size === 0) return state;
  return {
    ...state,
    approvals: Object.fromEntries(Object.entries(state.approvals).filter(([id]) => !held.has(id))),
  };
}
