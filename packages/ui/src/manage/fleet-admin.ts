import type { Agent, CommandInput, FleetLayout, LayoutNode, Team } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { shownName } from '../store/shown-name';
import { childTeamsInOrder } from '../store/team-order';
import { compareNames } from '../store/name-order';

/** A team and every team under it, by id. Pure. */
export function subtreeIds(state: FleetState, teamId: string): Set<string> {
  const ids = new Set([teamId]);
  for (const { team } of childTeamsInOrder(state))
    if (team.parentId !== null && ids.has(team.parentId)) ids.add(team.id);
  return ids;
}

/** The parents a team may move under: top level (null) or any team outside its own subtree. Pure. */
export function parentChoices(state: FleetState, teamId: string): { team: Team; depth: number }[] {
  const own = subtreeIds(state, teamId);
  return childTeamsInOrder(state).filter(({ team }) => !own.has(team.id));
}

/** The team's siblings in order (itself included), for moving it up or down among them. Pure. */
export function siblingsOf(state: FleetState, team: Team): Team[] {
  return Object.values(state.teams)
    .filter((t) => t.parentId === team.parentId)
    .sort((a, b) => a.position - b.position || compareNames(a.name, b.name));
}

/** Why a team cannot be deleted yet (team.delete refuses a team with agents or sub-teams), or null. Pure. */
export function deleteBlocker(state: FleetState, teamId: string): string | null {
  const agents = Object.values(state.agents).filter((a) => a.teamId === teamId).length;
  const subTeams = Object.values(state.teams).filter((t) => t.parentId === teamId).length;
  if (agents === 0 && subTeams === 0) return null;
  const parts = [
    agents ? `${agents} agent${agents === 1 ? '' : 's'}` : '',
    subTeams ? `${subTeams} sub-team${subTeams === 1 ? '' : 's'}` : '',
  ];
  return `has ${parts.filter(Boolean).join(' and ')}: move them out first`;
}

/** Agents whose pane vanished while the host was away, by name: "restore all lost" restarts these. Pure. */
export function lostAgents(state: FleetState): Agent[] {
  return Object.values(state.agents)
    .filter((a) => a.state === 'lost')
    .sort((a, b) => compareNames(a.name, b.name));
}

/**
 * Agents whose program ended (finished or crashed) and whose pane is gone, by name: a restore leaves them
 * unless asked to include them (`fleet.restore { includeExited }`). Pure.
 */
export function endedAgents(state: FleetState): Agent[] {
  return Object.values(state.agents)
    .filter((a) => a.state === 'exited' && a.paneId === null)
    .sort((a, b) => compareNames(a.name, b.name));
}

/** How far a restore has come: of the agents it started with (lost, or exited with no pane), those back in a pane. Pure. */
export function restoreProgress(
  state: FleetState,
  agentIds: readonly string[],
): { done: number; total: number } {
  const away = (agent: Agent | undefined) =>
    agent === undefined || agent.state === 'lost' || (agent.state === 'exited' && agent.paneId === null);
  const back = agentIds.filter((id) => !away(state.agents[id]));
  return { done: back.length, total: agentIds.length };
}

/** Splits a comma- or line-separated list into trimmed, non-empty, distinct words (role command globs, role names). Pure. */
export function listField(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((word) => word.trim())
        .filter(Boolean),
    ),
  ];
}

/** One row of the broadcast composer: whom (everyone, a team, a role or an agent) and what they get. */
export interface CascadeRow {
  audience: 'broadcast' | 'team' | 'role' | 'agent';
  /** Team id, role name or agent id; unused for broadcast. */
  target: string;
  text: string;
}

type SendInput = CommandInput<'message.send'>;

/**
 * The `message.send` the composer's rows make: one row is a plain message to that audience; several rows
 * are a cascade (each recipient gets the most specific text that reaches it). Rows without text are left out;
 * throws a readable message when nothing is left or a row lacks its target. Pure.
 */
export function composeSend(
  rows: readonly CascadeRow[],
  kind: SendInput['kind'],
  priority: SendInput['priority'],
): SendInput {
  const filled = rows.filter((row) => row.text.trim().length > 0);
  if (filled.length === 0) throw new Error('Write a message first.');
  const missing = filled.find((row) => row.audience !== 'broadcast' && !row.target);
  if (missing) throw new Error(`Choose the ${missing.audience} the message goes to.`);
  if (filled.length === 1) {
    const [row] = filled as [CascadeRow];
    const to =
      row.audience === 'broadcast'
        ? { broadcast: true as const }
        : row.audience === 'team'
          ? { team: row.target }
          : row.audience === 'role'
            ? { role: row.target }
            : { agent: row.target };
    return { kind, priority, to, body: row.text };
  }
  const cascade: NonNullable<SendInput['cascade']> = {};
  for (const row of filled) {
    if (row.audience === 'broadcast') {
      if (cascade.broadcast !== undefined) throw new Error('Only one text can go to everyone.');
      cascade.broadcast = row.text;
      continue;
    }
    const part = row.audience === 'team' ? 'teams' : row.audience === 'role' ? 'roles' : 'agents';
    const texts = (cascade[part] ??= {});
    if (texts[row.target] !== undefined)
      throw new Error(`Two texts for the same ${row.audience}: merge them.`);
    texts[row.target] = row.text;
  }
  return { kind, priority, cascade };
}

/** A layout as nested boxes to draw: windows → tabs → split tree with agent names. Pure. */
export interface PreviewTab {
  title: string;
  root: PreviewNode;
}
export type PreviewNode =
  { kind: 'agent'; name: string } | { kind: 'split'; vertical: boolean; children: PreviewNode[] };

export function previewOf(state: FleetState, layout: FleetLayout): { title: string; tabs: PreviewTab[] }[] {
  const node = (n: LayoutNode): PreviewNode =>
    n.kind === 'agent'
      ? { kind: 'agent', name: shownName(state, n.agentId).text }
      : { kind: 'split', vertical: n.vertical, children: n.children.map(node) };
  return layout.windows.map((w) => ({
    title: w.title,
    tabs: w.tabs.map((t) => ({ title: t.title, root: node(t.root) })),
  }));
}
