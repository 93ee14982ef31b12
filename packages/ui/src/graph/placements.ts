import type { FleetState } from '../store/fleet-state';
import { agentsOf } from './fleet-layout';

/** Where an agent sits: its team (null: none) and its index among that team's agents. */
export interface Placement {
  agentId: string;
  teamId: string | null;
  index: number;
}

/** The current placements of `agentIds`, ready to be restored in order (lowest index first). Pure. */
export function placementsOf(state: FleetState, agentIds: readonly string[]): Placement[] {
  const placements: Placement[] = [];
  for (const agentId of agentIds) {
    const agent = state.agents[agentId];
    if (!agent) continue;
    const teamId = agent.teamId && state.teams[agent.teamId] ? agent.teamId : null;
    placements.push({ agentId, teamId, index: agentsOf(state, teamId).findIndex((a) => a.id === agentId) });
  }
  return placements.sort((a, b) => a.index - b.index);
}
