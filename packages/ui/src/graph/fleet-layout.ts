import type { ELK, ElkNode } from 'elkjs/lib/elk-api';
import type { Agent, Team } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
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

const groupOptionsFor = (header: number) => ({
  'elk.algorithm': 'box',
  // SIMPLE keeps input order, so reading order on screen is the fleet's order (drag-to-reorder relies on it).
  'elk.box.packingMode': 'SIMPLE',
  'elk.aspectRatio': '2.2',
  'elk.spacing.nodeNode': '16',
  'elk.padding': `[top=${header},left=16,bottom=16,right=16]`,
  'elk.nodeSize.constraints': 'MINIMUM_SIZE',
  'elk.nodeSize.minimum': `(${AGENT_WIDTH + 32}, ${header + 72})`,
});

export interface LayoutOptions {
  /** For the compact view (semantic zoom): the room each team reserves for its header and totals (compactRoomAt). */
  headerRoom?: number | null;
}

/**
 * The ELK graph of the fleet: teams are compound nodes holding their agents (first, in order) and
 * their sub-teams; agents without a team sit in a "No team" group. Pure.
 */
export function toLayoutGraph(state: FleetState, options: LayoutOptions = {}): ElkNode {
  const groupOptions = groupOptionsFor(options.headerRoom ?? TEAM_HEADER);
  const team = (t: Team): ElkNode => ({
    id: teamNodeId(t.id),
    layoutOptions: groupOptions,
    children: [...agentsOf(state, t.id).map(agentBox), ...childTeams(state, t.id).map(team)],
  });
  const loose = agentsOf(state, null);
  const children = childTeams(state, null).map(team);
  if (loose.length)
    children.push({ id: teamNodeId(null), layoutOptions: groupOptions, children: loose.map(agentBox) });
  return {
    id: 'root',
    layoutOptions: {
      ...groupOptions,
      'elk.aspectRatio': '1.8',
      'elk.spacing.nodeNode': '32',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
  };
}

function agentBox(agent: Agent): ElkNode {
  return { id: agentNodeId(agent.id), width: AGENT_WIDTH, height: AGENT_HEIGHT };
}

let elk: Promise<ELK> | undefined;

/** Starts loading elkjs (its own chunk) without laying anything out; later layouts use the same instance. */
export function warmLayoutEngine(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  return elk;
}

/** Lays the fleet out with elkjs (box packing inside nested groups), loaded on first use (its own chunk). */
export async function layoutFleet(state: FleetState, options: LayoutOptions = {}): Promise<FleetLayout> {
  const laidOut = await (await warmLayoutEngine()).layout(toLayoutGraph(state, options));
  const layout = fromElk(laidOut);
  return options.headerRoom ? { ...layout, headerRoom: options.headerRoom } : layout;
}

/** Flattens ELK's nested result into boxes keyed by node id. Pure. */
export function fromElk(root: ElkNode): FleetLayout {
  const boxes: Record<string, LayoutBox> = {};
  const visit = (node: ElkNode, parent: string | null, originX: number, originY: number) => {
    for (const child of node.children ?? []) {
      const x = child.x ?? 0;
      const y = child.y ?? 0;
      boxes[child.id] = {
        x,
        y,
        absoluteX: originX + x,
        absoluteY: originY + y,
        width: child.width ?? 0,
        height: child.height ?? 0,
        parent,
      };
      visit(child, child.id, originX + x, originY + y);
    }
  };
  visit(root, null, 0, 0);
  return { boxes, width: root.width ?? 0, height: root.height ?? 0 };
}
