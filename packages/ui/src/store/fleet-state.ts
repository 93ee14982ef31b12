import type { Agent, FleetSnapshot, SwitchboardEvent, Team } from '@switchboard/protocol';

/** What the UI knows of the fleet: a snapshot plus every event applied since. */
export interface FleetState {
  agents: Record<string, Agent>;
  teams: Record<string, Team>;
  /** Sequence of the last event reflected; -1 before the first snapshot. */
  sequence: number;
}

export const emptyFleet: FleetState = { agents: {}, teams: {}, sequence: -1 };

export function fromSnapshot(snapshot: FleetSnapshot): FleetState {
  return {
    agents: Object.fromEntries(snapshot.agents.map((a) => [a.id, a])),
    teams: Object.fromEntries(snapshot.teams.map((t) => [t.id, t])),
    sequence: snapshot.sequence,
  };
}

/** Pure reducer: the state after one event. Events already reflected (by sequence) change nothing. */
export function applyEvent(state: FleetState, event: SwitchboardEvent): FleetState {
  if (event.sequence <= state.sequence) return state;
  const next = { ...state, sequence: event.sequence };
  switch (event.type) {
    case 'agent.spawned':
    case 'agent.updated':
      return { ...next, agents: { ...state.agents, [event.agent.id]: event.agent } };
    case 'agent.closed': {
      const { [event.agentId]: _closed, ...agents } = state.agents;
      return { ...next, agents };
    }
    case 'team.created':
    case 'team.updated':
      return { ...next, teams: { ...state.teams, [event.team.id]: event.team } };
    case 'team.deleted': {
      const { [event.teamId]: _deleted, ...teams } = state.teams;
      return { ...next, teams };
    }
    default:
      return next;
  }
}

/** True when `event` skips sequences after `state`: some events were missed and a snapshot is needed. */
export function hasGap(state: FleetState, event: SwitchboardEvent): boolean {
  return state.sequence >= 0 && event.sequence > state.sequence + 1;
}

export interface TeamGroup {
  team: Team | null;
  depth: number;
  agents: Agent[];
}

/** Teams in tree order (parents before children) with their agents; agents without a team last. */
export function groupByTeam(state: FleetState): TeamGroup[] {
  const teams = Object.values(state.teams).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const agents = Object.values(state.agents).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
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
