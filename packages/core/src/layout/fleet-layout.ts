import type { FleetLayout, LayoutNode, LayoutPreset, LayoutTab, LayoutWindow } from '@switchboard/protocol';
import { chunks, grid, mainLeft, mainTop, sideBySide, stacked } from './pane-arrangements';

/** What the layout engine needs of a team. */
export interface LayoutTeam {
  id: string;
  name: string;
  parentId: string | null;
  position: number;
}

/** What the layout engine needs of an agent; only agents with a live pane should be passed. */
export interface LayoutAgent {
  id: string;
  name: string;
  teamId: string | null;
  position: number;
}

export interface LayoutInput {
  teams: readonly LayoutTeam[];
  agents: readonly LayoutAgent[];
  preset: LayoutPreset;
}

/** Key of the window (or tab) holding agents with no team, or whose team is unknown. */
export const UNASSIGNED_KEY = 'unassigned';

const byOrder = <T extends { position: number; id: string }>(a: T, b: T) =>
  a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface TeamNode {
  team: LayoutTeam;
  children: TeamNode[];
  agents: LayoutAgent[];
}

/**
 * The team forest in order. A team whose parent is unknown, or that sits on a parent cycle, is
 * treated as top level, so every team (and so every agent) is placed exactly once.
 */
function teamForest(input: LayoutInput): { roots: TeamNode[]; unassigned: LayoutAgent[] } {
  const nodes = new Map<string, TeamNode>(
    input.teams.map((team) => [team.id, { team, children: [], agents: [] }]),
  );
  const unassigned: LayoutAgent[] = [];
  for (const agent of [...input.agents].sort(byOrder)) {
    const node = agent.teamId === null ? undefined : nodes.get(agent.teamId);
    if (node) node.agents.push(agent);
    else unassigned.push(agent);
  }
  const reachesRoot = (team: LayoutTeam): boolean => {
    const seen = new Set<string>();
    let current: LayoutTeam | undefined = team;
    while (current) {
      if (seen.has(current.id)) return false;
      seen.add(current.id);
      if (current.parentId === null) return true;
      current = nodes.get(current.parentId)?.team;
      if (!current) return true;
    }
    return true;
  };
  const roots: TeamNode[] = [];
  for (const team of [...input.teams].sort(byOrder)) {
    const node = nodes.get(team.id)!;
    const parent = team.parentId === null ? undefined : nodes.get(team.parentId);
    if (parent && reachesRoot(team)) parent.children.push(node);
    else roots.push(node);
  }
  return { roots, unassigned };
}

/** A team and its descendants, parents first. */
function preorder(node: TeamNode): TeamNode[] {
  return [node, ...node.children.flatMap(preorder)];
}

/**
 * Most panes one tab holds before a group overflows into more tabs ("web", "web (2)", …): a real window
 * cannot split forever (iTerm2 refuses a split once panes would be too small), and a hundred agents
 * without a team must still fit. `quad` keeps its 2×2 pages.
 */
export const PANES_PER_TAB = { grid: 16, line: 8, quad: 4 } as const;

/** The tabs one group of agents gets under a preset that arranges panes within a team tab. */
function tabsFor(
  key: string,
  title: string,
  agents: readonly LayoutAgent[],
  preset: LayoutPreset,
): LayoutTab[] {
  if (agents.length === 0) return [];
  const ids = agents.map((a) => a.id);
  const pages = (size: number, arrange: (page: string[]) => LayoutNode): LayoutTab[] =>
    chunks(ids, size).map((page, i) => ({
      key: i === 0 ? key : `${key}#${i + 1}`,
      title: i === 0 ? title : `${title} (${i + 1})`,
      root: arrange(page),
    }));
  switch (preset) {
    case 'single':
    case 'agent-tabs':
      return agents.map((a) => ({
        key: `agent:${a.id}`,
        title: a.name,
        root: { kind: 'agent', agentId: a.id },
      }));
    case 'horizontal':
      return pages(PANES_PER_TAB.line, stacked);
    case 'vertical':
      return pages(PANES_PER_TAB.line, sideBySide);
    case 'quad':
      return pages(PANES_PER_TAB.quad, grid);
    case 'triple-right':
      return pages(PANES_PER_TAB.line, mainLeft);
    case 'triple-bottom':
      return pages(PANES_PER_TAB.line, mainTop);
    case 'team-windows':
    case 'team-grid':
      return pages(PANES_PER_TAB.grid, grid);
  }
}

/**
 * The layout engine: a pure function of the fleet (teams, agents, their order) and a preset to the
 * windows, tabs and split trees it should occupy. Every agent passed in appears exactly once; every
 * tree obeys iTerm2's rules (splitters have ≥2 children and never nest one of the same orientation).
 * Keys are stable names (`team:<id>`, `agent:<id>`) so a re-layout can reuse existing windows and tabs.
 */
export function computeLayout(input: LayoutInput): FleetLayout {
  const { roots, unassigned } = teamForest(input);
  const { preset } = input;
  const windows: LayoutWindow[] = [];
  const push = (window: LayoutWindow) => {
    if (window.tabs.length > 0) windows.push(window);
  };

  if (preset === 'team-grid' || preset === 'agent-tabs') {
    const tabs = roots.flatMap((root) => {
      const members = preorder(root).flatMap((n) => n.agents);
      return tabsFor(`team:${root.team.id}`, root.team.name, members, preset);
    });
    tabs.push(...tabsFor(UNASSIGNED_KEY, 'no team', unassigned, preset));
    push({ key: 'fleet', title: 'fleet', tabs });
    return { preset, windows };
  }

  for (const root of roots) {
    const tabs = preorder(root).flatMap((node) =>
      tabsFor(`team:${node.team.id}`, node.team.name, node.agents, preset),
    );
    push({ key: `team:${root.team.id}`, title: root.team.name, tabs });
  }
  push({
    key: UNASSIGNED_KEY,
    title: 'no team',
    tabs: tabsFor(UNASSIGNED_KEY, 'no team', unassigned, preset),
  });
  return { preset, windows };
}
