import type { FleetState } from './fleet-state';

/** Counters shown on an agent's card. */
export interface AgentBadges {
  unread: number;
  approvals: number;
  locks: number;
}

/** Per-agent counters, from whatever the contract has told the UI so far (absent means zero). */
export function agentBadges(_state: FleetState): Record<string, AgentBadges> {
  return {};
}
