import type { Agent, FleetState, Team } from '@switchboard/protocol';

// The reducer itself is the contract's (shared with the desktop menu bar); the UI adds its views of it.
export { applyEvent, emptyFleet, fromSnapshot, hasGap, withInboxes } from '@switchboard/protocol';
export type { FleetState, SideLists } from '@switchboard/protocol';

export interface TeamGroup {
  team: Team | null;
  depth: number;
  agents: Agent[];
}

/** Teams in tree order (parents before children) with their agents; agents without a team last. */
export function groupByTeam(state: FleetState): TeamGroup[] {
  const teams = Object.values(state.teams).sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
  const agents = Object.values(state.agents).sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
  const groups: TeamGroup[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const team of teams.filter((t) => t.parentId === parentId)) {
      groups.push({ team, depth, agents: agents.filter((a) => a.teamId === team.id) });
      visit(team.id, depth + 1);
    }
  };
  visit(null, 0);
  const loose = agents.filter((a) => a.teamId === null || !state.teams[a.teamId]);
  if (loose.length) groups.push({ team: null, depth: 0, agents: loose });
  return groups;
}
