import { SwitchboardError, type Caller } from '@switchboard/protocol';

/**
 * How many live things one agent may hold at once, each a row (and often a timer) the host keeps until the thing
 * ends: leases (until released or expired, up to 24 h), open barriers and votes it created (up to 7 days), leader
 * groups it leads or waits to lead, plans it created that are running or paused, managers and flows it owns. Without these an
 * agent at its role's rate (20-50 calls a second) could leave the host millions of them, and every lease taken
 * made each acquire and each pane write slower (all active leases were read per check: 126 ms a call at 5,000).
 * The human holds what it likes. `rate_limited` at the bound, nothing changed; ending one frees room.
 */
export interface HoldingLimits {
  leases: number;
  barriers: number;
  votes: number;
  leaderGroups: number;
  plans: number;
  managers: number;
  flows: number;
  /**
   * Not one agent's: the open agents (each a process in a pane) past which no agent may spawn another. The person
   * may; an agent spawning in a loop stops here.
   */
  fleetForAgentSpawns: number;
}

export const defaultHoldingLimits: HoldingLimits = {
  leases: 100,
  barriers: 100,
  votes: 100,
  leaderGroups: 100,
  plans: 50,
  managers: 20,
  flows: 20,
  fleetForAgentSpawns: 200,
};

const WHAT: Record<keyof HoldingLimits, { noun: string; free: string }> = {
  leases: { noun: 'leases', free: 'Release a lease you no longer need (lock.release), or let one expire.' },
  barriers: {
    noun: 'open barriers',
    free: 'Cancel a barrier you created (barrier.cancel), or let one time out.',
  },
  votes: { noun: 'open votes', free: 'Wait for one of your votes to close (all voted, or its deadline).' },
  leaderGroups: {
    noun: 'leader groups (led or waited for)',
    free: 'Resign from a group you lead or wait to lead (leader.resign).',
  },
  plans: {
    noun: 'running or paused plans',
    free: 'Cancel a plan you created (plan.cancel), or let one finish.',
  },
  managers: { noun: 'managers', free: 'Delete a manager you own (manager.delete).' },
  flows: { noun: 'flows', free: 'Remove a flow you own (flow.remove).' },
  fleetForAgentSpawns: {
    noun: 'open agents in the fleet',
    free: 'Close agents that are done, or ask the human.',
  },
};

/**
 * Throws `rate_limited` when `caller`, an agent already holding `held` of `kind`, may not take one more; the human
 * is never limited. `held` is counted by the caller in its own SQL (cheap: one index or the open rows).
 */
export function assertRoomToHold(
  caller: Caller,
  kind: keyof HoldingLimits,
  limits: HoldingLimits,
  held: () => number,
): void {
  if (caller.kind !== 'agent') return;
  const limit = limits[kind];
  const count = held();
  if (count < limit) return;
  const { noun, free } = WHAT[kind];
  const what =
    kind === 'fleetForAgentSpawns'
      ? `The fleet already has ${count} ${noun}, the most an agent may spawn up to`
      : `You already hold ${count} ${noun}, the most one agent may`;
  throw new SwitchboardError('rate_limited', `${what} (holdings.${kind}); nothing was created`, {
    hint: `${free} Or ask the human to raise the limit.`,
    details: { quota: `holdings.${kind}`, held: count, limit },
  });
}
