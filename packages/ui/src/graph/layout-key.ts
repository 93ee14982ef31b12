import type { FleetState } from '../store/fleet-state';

/**
 * What the layout depends on: which teams and agents exist, where they belong and in what order.
 * State changes (working → idle) keep the key, so they never trigger a re-layout. Pure.
 */
export function layoutKey(state: FleetState): string {
  const teams = Object.values(state.teams)
    .map((t) => `${t.id}<${t.parentId ?? ''}@${t.position}:${t.name}`)
    .sort();
  const agents = Object.values(state.agents)
    .map((a) => `${a.id}<${a.teamId ?? ''}@${a.position}:${a.name}`)
    .sort();
  return `${teams.join('|')}#${agents.join('|')}`;
}
