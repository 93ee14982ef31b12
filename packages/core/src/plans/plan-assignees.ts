import type { Agent, AgentState, StepAssignee } from '@switchboard/protocol';
import { choose } from '../managers/strategies';

/** Who does a step now: an agent id, or why nobody can yet (the step waits and is tried again when the fleet changes). */
export type Pick = { agentId: string } | { waiting: string };

/** Resolves step assignee rules against the fleet (and, for `manager`, a manager's pool and strategy). */
export interface AssigneePicker {
  /** At `plan.create`: what is wrong with the rule (an unknown agent, a manager the creator does not own), if anything. */
  problem(rule: StepAssignee, creatorId?: string): string | undefined;
  /** The agent for the next attempt; `busy` counts each agent's running plan steps. */
  pick(rule: StepAssignee, busy: ReadonlyMap<string, number>): Pick;
}

/** An agent that can take work: its pane is there and its CLI has not ended. */
export function isAvailable(state: AgentState): boolean {
  return !['exited', 'lost', 'unreachable', 'error', 'hung'].includes(state);
}

/**
 * The least busy of `candidates` (the `least_busy` strategy: fewest running plan steps, then the lightest
 * real state, idle before working), ties broken by name — deterministic, so a test can say who gets the step.
 */
export function leastBusy(
  candidates: readonly Agent[],
  busy: ReadonlyMap<string, number>,
): Agent | undefined {
  const byName = [...candidates].sort((a, b) => a.name.localeCompare(b.name));
  if (byName.length === 0) return undefined;
  const { agentId } = choose(
    'least_busy',
    byName.map((agent, position) => ({
      agentId: agent.id,
      position,
      state: agent.state,
      role: agent.role,
      priority: 0,
      running: busy.get(agent.id) ?? 0,
    })),
    { cursor: -1, rng: 0 },
  );
  return byName.find((a) => a.id === agentId);
}

export interface FleetView {
  findAgent(ref: string): Agent | undefined;
  listAgents(): Agent[];
}

/** Agent and role rules over the fleet; `manager` rules go to `managers` (absent: refused as unknown). */
export function fleetAssignees(fleet: FleetView, managers?: AssigneePicker): AssigneePicker {
  return {
    problem(rule, creatorId) {
      if ('agent' in rule) return fleet.findAgent(rule.agent) ? undefined : `no agent "${rule.agent}"`;
      if ('role' in rule && !('manager' in rule)) return undefined;
      return managers ? managers.problem(rule, creatorId) : `no manager "${rule.manager}"`;
    },
    pick(rule, busy) {
      if ('agent' in rule) {
        const agent = fleet.findAgent(rule.agent);
        return agent ? { agentId: agent.id } : { waiting: `agent "${rule.agent}" is gone` };
      }
      if ('manager' in rule)
        return managers ? managers.pick(rule, busy) : { waiting: `no manager "${rule.manager}"` };
      const agent = leastBusy(
        fleet.listAgents().filter((a) => a.role === rule.role && isAvailable(a.state)),
        busy,
      );
      return agent ? { agentId: agent.id } : { waiting: `no available agent with role "${rule.role}"` };
    },
  };
}
