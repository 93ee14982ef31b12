import type { AgentState } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { teamNodeId } from './node-ids';

/** How many agents of a team (its sub-teams included) are in each state. */
export type StateTotals = Partial<Record<AgentState, number>>;

/** The order totals are read in: what needs the person first. */
const READING_ORDER: AgentState[] = [
  'waiting_for_input',
  'error',
  'hung',
  'lost',
  'unreachable',
  'working',
  'starting',
  'idle',
  'exited',
  'unknown',
];

/** Totals per team node id (the "no team" group too), each team counting its sub-teams' agents. Pure. */
export function teamTotals(state: FleetState): Record<string, StateTotals> {
  const totals: Record<string, StateTotals> = {};
  for (const agent of Object.values(state.agents)) {
    let teamId = agent.teamId && state.teams[agent.teamId] ? agent.teamId : null;
    if (teamId === null) add(totals, teamNodeId(null), agent.state);
    const seen = new Set<string>();
    while (teamId !== null && !seen.has(teamId)) {
      seen.add(teamId);
      add(totals, teamNodeId(teamId), agent.state);
      const parent = state.teams[teamId]?.parentId ?? null;
      teamId = parent && state.teams[parent] ? parent : null;
    }
  }
  return totals;
}

function add(totals: Record<string, StateTotals>, id: string, agentState: AgentState) {
  const of = (totals[id] ??= {});
  of[agentState] = (of[agentState] ?? 0) + 1;
}

/** "3 working · 1 waiting", what needs the person first; "no agents" when empty. Pure. */
export function totalsText(totals: StateTotals | undefined): string {
  const parts = READING_ORDER.filter((s) => totals?.[s]).map(
    (s) => `${totals![s]} ${s === 'waiting_for_input' ? 'waiting' : s}`,
  );
  return parts.length ? parts.join(' · ') : 'no agents';
}

/** The number of agents in totals. */
export function totalCount(totals: StateTotals | undefined): number {
  return Object.values(totals ?? {}).reduce((sum, n) => sum + n, 0);
}

/**
 * The fleet as the chart lays it out with some teams collapsed: their agents and sub-teams are left out
 * (the team stays, showing totals). Returns `state` itself when nothing is collapsed. Pure.
 */
export function collapseFleet(state: FleetState, collapsed: ReadonlySet<string>): FleetState {
  if (collapsed.size === 0) return state;
  const hidden = (teamId: string | null): boolean => {
    const seen = new Set<string>();
    for (let id = teamId; id && state.teams[id] && !seen.has(id); id = state.teams[id]!.parentId) {
      if (collapsed.has(id)) return true;
      seen.add(id);
    }
    return false;
  };
  const agents = Object.fromEntries(Object.entries(state.agents).filter(([, a]) => !hidden(a.teamId)));
  const teams = Object.fromEntries(Object.entries(state.teams).filter(([, t]) => !hidden(t.parentId)));
  return { ...state, agents, teams };
}
