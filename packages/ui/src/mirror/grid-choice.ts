import type { Agent } from '@switchboard/protocol';

/** The most mirrors the grid shows at once (each is a live subscription). */
export const MAX_GRID_TILES = 9;
/** How many the grid starts with when nobody chose. */
export const DEFAULT_GRID_TILES = 4;

const NEEDS_ATTENTION: ReadonlySet<Agent['state']> = new Set(['waiting_for_input', 'error', 'hung']);

/** Agents that can be mirrored (they have a pane), those that need attention first, then by name. */
export function mirrorableAgents(agents: readonly Agent[]): Agent[] {
  return agents
    .filter((agent) => agent.paneId)
    .sort(
      (a, b) =>
        Number(NEEDS_ATTENTION.has(b.state)) - Number(NEEDS_ATTENTION.has(a.state)) ||
        a.name.localeCompare(b.name),
    );
}

/**
 * The agents the grid shows: the chosen ones that still have a pane (in the order chosen), or, when
 * nobody chose, the first DEFAULT_GRID_TILES mirrorable ones. Never more than MAX_GRID_TILES.
 */
export function gridAgents(agents: readonly Agent[], chosen: readonly string[] | null): Agent[] {
  const mirrorable = mirrorableAgents(agents);
  if (chosen === null) return mirrorable.slice(0, DEFAULT_GRID_TILES);
  const byId = new Map(mirrorable.map((agent) => [agent.id, agent]));
  return chosen.flatMap((id) => byId.get(id) ?? []).slice(0, MAX_GRID_TILES);
}

/** The choice after ticking or unticking an agent; a tick beyond MAX_GRID_TILES is refused (same list back). */
export function toggleGridAgent(shown: readonly string[], agentId: string): string[] {
  if (shown.includes(agentId)) return shown.filter((id) => id !== agentId);
  return shown.length >= MAX_GRID_TILES ? [...shown] : [...shown, agentId];
}

/** Columns of the grid for n tiles: 1, 2, 2, 2, 3… (as square as it gets, wider than tall). */
export function gridColumns(tiles: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(tiles)));
}
