import type { FleetState } from './fleet-state';
import { shownName, type NameState } from './shown-name';

/** Counters shown on an agent's card. */
export interface AgentBadges {
  unread: number;
  approvals: number;
  locks: number;
  /** Messages still to be typed into its pane (waiting for its input prompt, or held), and why the first waits. */
  paneWaiting: number;
  paneReason: string | null;
  /** The human is typing into its pane: automated input to it pauses ("take control"). */
  humanControl: boolean;
}

/** An agent with nothing to count. */
export const NO_BADGES: Readonly<AgentBadges> = Object.freeze({
  unread: 0,
  approvals: 0,
  locks: 0,
  paneWaiting: 0,
  paneReason: null,
  humanControl: false,
});

/** Per-agent counters from what the contract has told the UI (absent means zero). Pure. */
export function agentBadges(state: FleetState): Record<string, AgentBadges> {
  const badges: Record<string, AgentBadges> = {};
  const of = (agentId: string) => (badges[agentId] ??= { ...NO_BADGES });
  for (const approval of Object.values(state.approvals)) {
    if (approval.status === 'pending' && state.agents[approval.requester]) of(approval.requester).approvals++;
  }
  for (const inbox of Object.values(state.inboxes)) {
    if (!state.agents[inbox.recipientId]) continue;
    if (inbox.depth > 0) of(inbox.recipientId).unread = inbox.depth;
    const waiting = inbox.pane.waiting + inbox.pane.held;
    if (waiting > 0)
      Object.assign(of(inbox.recipientId), { paneWaiting: waiting, paneReason: inbox.pane.reason });
  }
  for (const lock of Object.values(state.locks)) {
    if (state.agents[lock.owner]) of(lock.owner).locks++;
  }
  for (const agentId of Object.keys(state.humanControl))
    if (state.agents[agentId]) of(agentId).humanControl = true;
  return badges;
}

/**
 * How a person reads a caller id in text: "you", a live agent's name, a closed agent's kept name marked
 * "(closed)", else the id as is (shownName; views that render an element use <AgentName> for the id's tooltip).
 */
export function callerName(state: NameState, id: string): string {
  return shownName(state, id).text;
}
