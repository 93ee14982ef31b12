import type { BroadcastDomain, FleetState } from '@switchboard/protocol';

/** The broadcast domains as the chart reads them: each agent's group number (1, 2, … in the terminal's order). */
export interface BroadcastGroups {
  groupOf: ReadonlyMap<string, number>;
}

export const noBroadcastGroups: BroadcastGroups = { groupOf: new Map() };

export function broadcastGroups(domains: readonly BroadcastDomain[]): BroadcastGroups {
  const groupOf = new Map<string, number>();
  domains.forEach((domain, index) => domain.agentIds.forEach((id) => groupOf.set(id, index + 1)));
  return { groupOf };
}

/** A team broadcasts when every one of its agents with a pane is in a broadcast group (and it has two or more). */
export function teamBroadcasting(groups: BroadcastGroups, agentIds: readonly string[]): boolean {
  return agentIds.length > 1 && agentIds.every((id) => groups.groupOf.has(id));
}

/** The agents with a pane in a team and its sub-teams (what `broadcast.create { team }` groups), ids joined by spaces. */
export function teamPaneAgents(state: FleetState, teamId: string): string {
  const teams = new Set([teamId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const team of Object.values(state.teams))
      if (team.parentId !== null && teams.has(team.parentId) && !teams.has(team.id)) {
        teams.add(team.id);
        grew = true;
      }
  }
  return Object.values(state.agents)
    .filter((a) => a.teamId !== null && teams.has(a.teamId) && a.paneId !== null)
    .map((a) => a.id)
    .sort()
    .join(' ');
}
