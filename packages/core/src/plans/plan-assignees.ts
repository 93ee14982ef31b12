import type { Agent, AgentState, StepAssignee } from '@switchboard/protocol';

/** Who does a step now: an agent id, or why nobody can yet (the step waits and is tried again when the fleet changes). */
export type Pick = { agentId: string } | { waiting: string };

/** Resolves step assignee rules against the fleet (and, for `manager`, a manager's pool and strategy). */
export interface AssigneePicker {
  /** At `plan.create`: what is wrong with the rule (an unknown agent or manager), if anything. */
  problem(rule: StepAssignee): string | undefined;
  /** The agent for the next attempt; `busy` counts each agent's running plan steps. */
  pick(rule: StepAssignee, busy: ReadonlyMap<string, number>): Pick;
}

/** An agent that can take work: its pane is there and its CLI has not ended. */
export function isAvailable(state: AgentState): boolean {
  return !['exited', 'lost', 'unreachable', 'error', 'hung'].includes(state);
}

/** How busy an agent's state says it is, for tie-breaks: idle first, then waiting on its prompt, then working. */
const STATE_LOAD: Partial<Record<AgentState, number>> = { idle: 0, waiting_for_input: 1, starting: 2, unknown: 2, working: 3 };

/**
 * The least busy of `candidates`: fewest running plan steps, then the lightest state (idle before
 * working), then the name — deterministic, so a test can say who gets the step.
 */
export function leastBusy(candidates: readonly Agent[], busy: ReadonlyMap<string, number>): Agent | undefined {
  return [...candidates].sort((a, b) =>
    (busy.get(a.id) ?? 0) - (busy.get(b.id) ?? 0) || (STATE_LOAD[a.state] ?? 2) - (STATE_LOAD[b.state] ?? 2) || a.name.localeCompare(b.name),
  )[0];
}

export interface FleetView {
  findAgent(ref: string): Agent | undefined;
  listAgents(): Agent[];
}

/** Agent and role rules over the fleet; `manager` rules go to `managers` (absent: refused as unknown). */
export function fleetAssignees(fleet: FleetView, managers?: AssigneePicker): AssigneePicker {
  return {
    problem(rule) {
      if ('agent' in rule) return fleet.findAgent(rule.agent) ? undefined : `no agent "${rule.agent}"`;
      if ('role' in rule && !('manager' in rule)) return undefined;
      return managers ? managers.problem(rule) : `no manager "${rule.manager}"`;
    },
    pick(rule, busy) {
      if ('agent' in rule) {
        const agent = fleet.findAgent(rule.agent);
        return agent ? { agentId: agent.id } : { waiting: `agent "${rule.agent}" is gone` };
      }
      if ('manager' in rule) return managers ? managers.pick(rule, busy) : { waiting: `no manager "${rule.manager}"` };
      const agent = leastBusy(fleet.listAgents().filter((a) => a.role === rule.role && isAvailable(a.state)), busy);
      return agent ? { agentId: agent.id } : { waiting: `no available agent with role "${rule.role}"` };
    },
  };
}
