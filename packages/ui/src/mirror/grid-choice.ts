import type { Agent } from '@switchboard/protocol';
import { compareNames } from '../store/name-order';

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
        compareNames(a.name, b.name),
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

/** A monospace cell's width and a terminal row's height, per point of font size (xterm.js's DOM renderer, roughly). */
const CELL_WIDTH_PER_POINT = 0.61;
const ROW_HEIGHT_PER_POINT = 1.18;
/** What a tile takes besides its terminal: padding, the terminal box's padding, and (height) the header. */
const TILE_CHROME = { width: 30, height: 62 };
const GRID_GAP = 10;

export interface GridFit {
  columns: number;
  /** The largest font at which every pane fits its tile whole, at that column count. */
  fontSize: number;
}

/**
 * How many columns the grid gets for `tiles` panes of at most `pane` columns × rows in an area of `room` px:
 * the count at which the font can be largest with each pane whole in its tile (wide panes: fewer columns;
 * narrow, tall panes such as the simulator's 43-column ones: more, side by side). Pure.
 */
export function fitGrid(
  tiles: number,
  pane: { columns: number; rows: number },
  room: { width: number; height: number },
): GridFit {
  let best: GridFit = { columns: gridColumns(tiles), fontSize: 0 };
  for (let columns = 1; columns <= Math.max(1, tiles); columns += 1) {
    const rows = Math.ceil(tiles / columns);
    const tileWidth = (room.width - (columns - 1) * GRID_GAP) / columns - TILE_CHROME.width;
    const tileHeight = (room.height - (rows - 1) * GRID_GAP) / rows - TILE_CHROME.height;
    const fontSize = Math.min(
      tileWidth / (pane.columns * CELL_WIDTH_PER_POINT),
      tileHeight / (pane.rows * ROW_HEIGHT_PER_POINT),
    );
    if (fontSize > best.fontSize) best = { columns, fontSize };
  }
  return best;
}
