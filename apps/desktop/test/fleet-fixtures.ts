import type { Agent, AgentState, Approval, FleetSnapshot, SwitchboardEvent } from '@switchboard/protocol';
import { emptyFleetState, type FleetState } from '../src/main/fleet-state';

const at = '2026-01-01T00:00:00.000Z';

export function agent(id: string, state: AgentState, extra: Partial<Agent> = {}): Agent {
  return {
    id,
    name: id,
    kind: 'shell',
    command: null,
    cwd: null,
    teamId: null,
    role: 'worker',
    state,
    stateSince: at,
    paneId: `pane-${id}`,
    position: 0,
    createdAt: at,
    ...extra,
  };
}

export function approval(id: string, extra: Partial<Approval> = {}): Approval {
  return {
    id,
    kind: 'permission',
    requester: 'ada',
    summary: `may ${id} run?`,
    payload: {},
    choices: ['approve', 'deny'],
    status: 'pending',
    createdAt: at,
    expiresAt: null,
    onExpiry: 'deny',
    decision: null,
    ...extra,
  };
}

export function fleet(
  agents: Agent[],
  approvals: Approval[] = [],
  extra: Partial<FleetState> = {},
): FleetState {
  return {
    ...emptyFleetState,
    agents: Object.fromEntries(agents.map((a) => [a.id, a])),
    approvals: Object.fromEntries(approvals.map((a) => [a.id, a])),
    ...extra,
  };
}

let sequence = 0;
export function event(body: Record<string, unknown>): SwitchboardEvent {
  return { ...body, sequence: ++sequence, at } as SwitchboardEvent;
}

/** A snapshot of these agents (before any fixture event). */
export function snapshot(agents: Agent[]): FleetSnapshot {
  return { agents, teams: [], sequence: 0 };
}
