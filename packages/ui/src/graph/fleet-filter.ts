import type { Agent } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';

/**
 * Words an agent can be found by: name, CLI kind, role, state, its team's name and its host (`@box`, or
 * `@local` on this machine), so `@box` filters the chart to one machine.
 */
export function agentSearchText(state: FleetState, agent: Agent): string {
  const team = agent.teamId ? (state.teams[agent.teamId]?.name ?? '') : '';
  const host = `@${agent.host ?? 'local'}`;
  return [agent.name, agent.kind, agent.role, agent.state.replaceAll('_', ' '), team, host]
    .join(' ')
    .toLowerCase();
}

/** True when every word of `query` occurs in the agent's search text (an empty query matches all). */
export function agentMatches(state: FleetState, agent: Agent, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = agentSearchText(state, agent);
  return words.every((word) => text.includes(word));
}

/**
 * The fleet as the chart shows it under a search: every team stays (they are drop targets), agents
 * that do not match are left out. Returns `state` itself when nothing is filtered, so memoised
 * layouts are reused.
 */
export function filterFleet(state: FleetState, query: string): FleetState {
  if (!query.trim()) return state;
  const agents = Object.fromEntries(
    Object.entries(state.agents).filter(([, agent]) => agentMatches(state, agent, query)),
  );
  return { ...state, agents };
}
