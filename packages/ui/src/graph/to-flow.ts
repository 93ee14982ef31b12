import type { Edge, Node } from '@xyflow/react';
import type { Agent, AgentTask, Approval, Team } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { agentBadges, NO_BADGES, type AgentBadges } from '../store/selectors';
import type { FleetLayout } from './fleet-layout';
import { firstItemByAgent } from './needs-you';
import { agentNodeId, teamNodeId } from './node-ids';
import { totalCount, type StateTotals } from './team-totals';

export type AgentNodeData = {
  agent: Agent;
  teamName: string | null;
  badges: AgentBadges;
  /** Its most urgent pending item, answerable from the card. */
  approval: Approval | null;
  /** What it works on: its plan step, its own note, or its last instruction. */
  task: AgentTask | null;
};
export type TeamNodeData = {
  team: Team | null;
  /** Agents shown directly in it (under a filter: those that match). */
  agentCount: number;
  dropTarget: boolean;
  /** Its agents (sub-teams included, collapsed or not) by state, as shown (under a filter: those that match). */
  totals: StateTotals;
  /** All its agents, sub-teams included, whatever the filter. */
  total: number;
  collapsed: boolean;
  /** A filter is on: the header says how many match. */
  filtered: boolean;
  /** Laid out for the compact view: the room reserved above the cards for header and totals (null: full cards). */
  headerRoom: number | null;
};
export type AgentNode = Node<AgentNodeData, 'agent'>;
export type TeamNode = Node<TeamNodeData, 'team'>;
export type FlowNode = AgentNode | TeamNode;

export interface FlowOptions {
  /** Node ids currently selected (selection is UI state; it survives re-layout). */
  selected?: ReadonlySet<string>;
  /** The team node an agent is being dragged over. */
  dropTarget?: string | null;
  /** Per team node id: agents by state as shown (see teamTotals), and all of them whatever the filter. */
  totals?: Record<string, StateTotals>;
  allTotals?: Record<string, StateTotals>;
  /** Team ids shown collapsed. */
  collapsed?: ReadonlySet<string>;
  filtered?: boolean;
  nowMs?: number;
}

/**
 * React Flow nodes and edges from the fleet and its layout. Pure: the fleet decides what exists and
 * what it shows, the layout only where it sits. Nodes the layout has not placed yet are left out;
 * parents come before their children, as React Flow requires.
 */
export function toFlow(
  state: FleetState,
  layout: FleetLayout,
  options: FlowOptions = {},
): { nodes: FlowNode[]; edges: Edge[] } {
  const nodes: FlowNode[] = [];
  const badges = agentBadges(state);
  const items = firstItemByAgent(state, options.nowMs ?? Date.now());
  const counts = new Map<string | null, number>();
  for (const agent of Object.values(state.agents)) {
    const team = agent.teamId && state.teams[agent.teamId] ? agent.teamId : null;
    counts.set(team, (counts.get(team) ?? 0) + 1);
  }
  const groups = Object.entries(layout.boxes)
    .filter(([id]) => id.startsWith('team:'))
    .sort(([, a], [, b]) => depth(layout, a.parent) - depth(layout, b.parent));
  for (const [id, box] of groups) {
    const teamId = id === teamNodeId(null) ? null : id.slice('team:'.length);
    const team = teamId === null ? null : state.teams[teamId];
    if (team === undefined) continue;
    if (teamId === null && !counts.get(null) && !totalCount(options.totals?.[id])) continue;
    nodes.push({
      id,
      type: 'team',
      position: { x: box.x, y: box.y },
      ...(box.parent ? { parentId: box.parent } : {}),
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      draggable: false,
      selectable: teamId !== null,
      selected: options.selected?.has(id) ?? false,
      data: {
        team,
        agentCount: counts.get(teamId) ?? 0,
        dropTarget: options.dropTarget === id,
        totals: options.totals?.[id] ?? {},
        total: totalCount(options.allTotals?.[id] ?? options.totals?.[id]) || (counts.get(teamId) ?? 0),
        collapsed: teamId !== null && (options.collapsed?.has(teamId) ?? false),
        filtered: options.filtered ?? false,
        headerRoom: layout.headerRoom ?? null,
      },
    });
  }
  const placed = new Set(nodes.map((n) => n.id));
  for (const agent of Object.values(state.agents)) {
    const id = agentNodeId(agent.id);
    const box = layout.boxes[id];
    if (!box || (box.parent && !placed.has(box.parent))) continue;
    const expectedParent = teamNodeId(agent.teamId && state.teams[agent.teamId] ? agent.teamId : null);
    if (box.parent !== expectedParent) continue; // the layout predates a move: wait for the next one
    nodes.push({
      id,
      type: 'agent',
      position: { x: box.x, y: box.y },
      parentId: box.parent,
      width: box.width,
      height: box.height,
      selected: options.selected?.has(id) ?? false,
      data: {
        agent,
        teamName: agent.teamId ? (state.teams[agent.teamId]?.name ?? null) : null,
        badges: badges[agent.id] ?? NO_BADGES,
        approval: items.get(agent.id) ?? null,
        task: state.tasks[agent.id] ?? null,
      },
    });
  }
  return { nodes, edges: [] };
}

function depth(layout: FleetLayout, parent: string | null): number {
  let d = 0;
  for (let p = parent; p; p = layout.boxes[p]?.parent ?? null) d++;
  return d;
}
