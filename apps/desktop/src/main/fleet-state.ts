import type { Agent, Approval, FleetSnapshot, SwitchboardEvent } from '@switchboard/protocol';

/** What the menu bar, notifications and Dock need to know about the fleet. Immutable; updated by `applyFleetEvent`. */
export interface FleetState {
  readonly agents: ReadonlyMap<string, Agent>;
  /** Pending approval items by id. */
  readonly pendingApprovals: ReadonlyMap<string, Approval>;
  /** Automatic recovery: `null` while unknown (or where this build has no such control). */
  readonly recoveryPaused: boolean | null;
  /** Set while the host cannot be reached or refused to start. */
  readonly hostProblem: string | null;
}

export const emptyFleetState: FleetState = {
  agents: new Map(),
  pendingApprovals: new Map(),
  recoveryPaused: null,
  hostProblem: null,
};

export function fleetStateFrom(snapshot: Pick<FleetSnapshot, 'agents'>, pending: readonly Approval[]): FleetState {
  return {
    ...emptyFleetState,
    agents: new Map(snapshot.agents.map((agent) => [agent.id, agent])),
    pendingApprovals: new Map(pending.filter((a) => a.status === 'pending').map((a) => [a.id, a])),
  };
}

/** Folds one host event into the state; events the shell does not track return the same object. */
export function applyFleetEvent(state: FleetState, event: SwitchboardEvent): FleetState {
  switch (event.type) {
    case 'agent.spawned':
    case 'agent.updated': {
      const agents = new Map(state.agents);
      agents.set(event.agent.id, event.agent);
      return { ...state, agents };
    }
    case 'agent.closed': {
      if (!state.agents.has(event.agentId)) return state;
      const agents = new Map(state.agents);
      agents.delete(event.agentId);
      return { ...state, agents };
    }
    case 'approval.requested':
    case 'approval.decided':
    case 'approval.expired': {
      const pendingApprovals = new Map(state.pendingApprovals);
      if (event.approval.status === 'pending') pendingApprovals.set(event.approval.id, event.approval);
      else pendingApprovals.delete(event.approval.id);
      return { ...state, pendingApprovals };
    }
    // Only the fleet-wide switch is the menu's; a per-agent pause leaves it as it is.
    case 'recovery.paused':
      return event.agentId === null ? withRecoveryPaused(state, true) : state;
    case 'recovery.resumed':
      return event.agentId === null ? withRecoveryPaused(state, false) : state;
    default:
      return state;
  }
}

export function withRecoveryPaused(state: FleetState, paused: boolean | null): FleetState {
  return state.recoveryPaused === paused ? state : { ...state, recoveryPaused: paused };
}

export function withHostProblem(state: FleetState, problem: string | null): FleetState {
  return state.hostProblem === problem ? state : { ...state, hostProblem: problem };
}
