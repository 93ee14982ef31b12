import {
  applyEvent,
  emptyFleet,
  fromSnapshot,
  type Approval,
  type FleetSnapshot,
  type FleetState as ContractFleetState,
  type SwitchboardEvent,
} from '@switchboard/protocol';

/**
 * What the menu bar, notifications and Dock know: the contract's fleet state (the same reducer the UI's
 * store uses) plus what only the shell tracks. Immutable; updated by `applyFleetEvent`.
 */
export interface FleetState extends ContractFleetState {
  /** Automatic recovery: `null` while unknown (or where this build has no such control). */
  readonly recoveryPaused: boolean | null;
  /** Set while the host cannot be reached or refused to start. */
  readonly hostProblem: string | null;
}

export const emptyFleetState: FleetState = { ...emptyFleet, recoveryPaused: null, hostProblem: null };

/** The state a snapshot and the pending approvals describe, keeping what the shell tracks itself. */
export function fleetStateFrom(
  snapshot: FleetSnapshot,
  approvals: readonly Approval[],
  previous: FleetState = emptyFleetState,
): FleetState {
  return { ...previous, ...fromSnapshot(snapshot, { approvals: [...approvals] }, previous) };
}

/** Folds one host event into the state (an event already reflected, by sequence, changes nothing). */
export function applyFleetEvent(state: FleetState, event: SwitchboardEvent): FleetState {
  // Only the fleet-wide switch is the menu's; a per-agent pause leaves it as it is.
  if (event.type === 'recovery.paused' && event.agentId === null) state = withRecoveryPaused(state, true);
  if (event.type === 'recovery.resumed' && event.agentId === null) state = withRecoveryPaused(state, false);
  const fleet = applyEvent(state, event);
  return fleet === state ? state : { ...state, ...fleet };
}

export function withRecoveryPaused(state: FleetState, paused: boolean | null): FleetState {
  return state.recoveryPaused === paused ? state : { ...state, recoveryPaused: paused };
}

export function withHostProblem(state: FleetState, problem: string | null): FleetState {
  return state.hostProblem === problem ? state : { ...state, hostProblem: problem };
}
