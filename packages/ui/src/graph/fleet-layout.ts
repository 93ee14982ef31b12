import type { Agent, Team } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { packBoxes, type BoxNode, type Packing, type PlacedBox } from './box-packing';
import { agentNodeId, teamNodeId } from './node-ids';

export const AGENT_WIDTH = 232;
export const AGENT_HEIGHT = 120;
/** Room for a team's header above its cards. */
export const TEAM_HEADER = 48;
/** Where one node sits: relative to its parent group (what React Flow wants) and absolute (for hit tests). */
export interface LayoutBox {
  x: number;
  y: number;
  absoluteX: number;
  absoluteY: number;
  width: number;
  height: number;
  parent: string | null;
}

/** The UI-owned half of the chart: a box per node id. Everything else comes from the fleet. */
export interface FleetLayout {
  boxes: Record<string, LayoutBox>;
  width: number;
  height: number;
  /** Laid out for the compact view: the room each team reserves above its cards (compactRoomAt), not TEAM_HEADER. */
  headerRoom?: number;
}

export const emptyLayout: FleetLayout = { boxes: {}, width: 0, height: 0 };

/** The room above a team's cards in this layout, in chart units. */
export const headerRoomOf = (layout: FleetLayout): number => layout.headerRoom ?? TEAM_HEADER;

const byPosition = <T extends { position: number; name: string }>(a: T, b: T) =>
  a.position - b.position || a.name.localeCompare(b.name);

/** Agents of a team (null: without one) in their order. */
export function agentsOf(state: FleetState, teamId: string | null): Agent[] {
  return Object.values(state.agents)
    .filter((agent) =>
      teamId === null ? agent.teamId === null || !state.teams[agent.teamId] : agent.teamId === teamId,
    )
    .sort(byPosition);
}

/** Teams whose parent is `parentId`, in their order. */
export function childTeams(state: FleetState, parentId: string | null): Team[] {
  return Object.values(state.teams)
    .filter((team) =>
      parentId === null ? team.parentId === null || !state.teams[team.parentId] : team.parentId === parentId,
    )
    .sort(byPosition);
}

const groupPacking = (header: number): Packing => ({
  padding: { top: header, left: 16, bottom: 16, right: 16 },
  spacing: 16,
  aspectRatio: 2.2,
  minWidth: AGENT_WIDTH + 32,
  minHeight: header + 72,
});

export interface LayoutOptions {
  /** For the compact view (semantic zoom): the room each team reserves for its header and totals (compactRoomAt). */
  headerRoom?: number | null;
}

/**
 * The boxes of the fleet: teams are groups holding their agents (first, in order) and their sub-teams; agents
 * without a team sit in a "No team" group. Pure.
 */
export function toLayoutGraph(state: FleetState, options: LayoutOptions = {}): BoxNode {
  const packing = groupPacking(options.headerRoom ?? TEAM_HEADER);
  const team = (t: Team): BoxNode => ({
    id: teamNodeId(t.id),
    packing,
    children: [...agentsOf(state, t.id).map(agentBox), ...childTeams(state, t.id).map(team)],
  });
  const loose = agentsOf(state, null);
  const children = childTeams(state, null).map(team);
  if (loose.length) children.push({ id: teamNodeId(null), packing, children: loose.map(agentBox) });
  return {
    id: 'root',
    packing: {
      ...packing,
      aspectRatio: 1.8,
      spacing: 32,
      padding: { top: 16, left: 16, bottom: 16, right: 16 },
    },
    children,
  };
}

function agentBox(agent: Agent): BoxNode {
  return { id: agentNodeId(agent.id), width: AGENT_WIDTH, height: AGENT_HEIGHT };
}

/** Lays the fleet out: agents and sub-teams packed in rows inside their team, the teams in rows (box-packing.ts). */
export function layoutFleet(state: FleetState, options: LayoutOptions = {}): FleetLayout {
  const layout = fromPlaced(packBoxes(toLayoutGraph(state, options)));
  return options.headerRoom ? { ...layout, headerRoom: options.headerRoom } : layout;
}

/** Flattens the nested placement into boxes keyed by node id. Pure. */
export function fromPlaced(root: PlacedBox): FleetLayout {
  const boxes: Record<string, LayoutBox> = {};
  const visit = (node: PlacedBox, parent: string | null, originX: number, originY: number) => {
    for (const child of node.children) {
      const { x, y } = child;
      boxes[child.id] = {
        x,
        y,
        absoluteX: originX + x,
        absoluteY: originY + y,
        width: child.width,
        height: child.height,
        parent,
      };
      visit(child, child.id, originX + x, originY + y);
    }
  };
  visit(root, null, 0, 0);
  return { boxes, width: root.width, height: root.height };
}
