import fuzzysort from 'fuzzysort';
import { AgentKind, Name } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import type { ChartCommand, ThemeChoice, ViewName } from '../store/shell-store';
import { pendingApprovals, requesterName } from '../approvals/approval-selectors';
import { shownItem } from '../approvals/item-words';
import { childTeamsInOrder } from '../store/team-order';
import { compareNames } from '../store/name-order';

export type PaletteAction =
  | { type: 'view'; view: ViewName }
  | { type: 'focus'; agentId: string }
  /** Opens the agent detail view (live mirror, messages, locks). */
  | { type: 'open'; agentId: string }
  | { type: 'move'; agentId: string; teamId: string }
  | { type: 'spawn'; name: string; kind: AgentKind; teamId: string | null }
  | { type: 'theme'; theme: ThemeChoice }
  | { type: 'decide'; approvalId: string; verdict: 'approve' | 'deny' }
  | { type: 'doNotDisturb'; enabled: boolean }
  | { type: 'focusFollows'; enabled: boolean }
  | { type: 'muteTeam'; teamId: string; muted: boolean }
  /** Something the org chart does (fit, fold a team, close an agent after a confirmation). */
  | { type: 'chart'; command: ChartCommand }
  /** Undoes the newest move still in its undo window. */
  | { type: 'undoMove' }
  /** Focuses the first of "needs you" (like `g`). */
  | { type: 'needsYou' }
  /** Puts text into the palette's input (the start of a command with arguments). */
  | { type: 'fill'; text: string };

export interface PaletteEntry {
  id: string;
  label: string;
  hint: string;
  action: PaletteAction;
  /** Run from the palette lately (listed first). */
  recent?: boolean;
}

const MAX_ENTRIES = 50;

/**
 * How well the words match the entry, or undefined when one does not: each word must appear in order
 * (a subsequence: "b4" finds "builder-4", "fcs" finds "Focus"), whole words and word starts score higher.
 */
function matchScore(entry: PaletteEntry, words: string[]): number | undefined {
  const target = fuzzysort.prepare(`${entry.label} ${entry.hint}`);
  let total = 0;
  for (const word of words) {
    const result = fuzzysort.single(word, target);
    if (!result) return undefined;
    total += result.score;
  }
  return total;
}

/** A match scoring below this share of the best one is noise (letters strewn across a long hint), not shown. */
const RELATIVE_CUTOFF = 0.7;

/** Recent commands first (most recent first), then the best matches; ties keep the list's order. */
function ranked(entries: PaletteEntry[], words: string[], recents: readonly string[]): PaletteEntry[] {
  const matched = entries.flatMap((entry, index) => {
    const score = words.length === 0 ? 0 : matchScore(entry, words);
    if (score === undefined) return [];
    const recent = recents.indexOf(entry.id);
    return [
      {
        entry: recent < 0 ? entry : { ...entry, recent: true },
        score,
        recent: recent < 0 ? Infinity : recent,
        index,
      },
    ];
  });
  const best = Math.max(0, ...matched.map((m) => m.score));
  const scored = matched.filter((m) => m.score >= best * RELATIVE_CUTOFF);
  scored.sort((a, b) => a.recent - b.recent || b.score - a.score || a.index - b.index);
  return scored.slice(0, MAX_ENTRIES).map((s) => s.entry);
}

/**
 * The palette's entries for what was typed. Pure. Plain words filter the commands (go to a view, focus
 * an agent, approve or deny a pending item, switch theme) by fuzzy match, the `recents` (entry ids, most
 * recent first) listed first; `spawn NAME [KIND] [TEAM]` and `move AGENT TEAM` build the command from
 * the words, with names completed against the fleet.
 */
export function paletteEntries(
  state: FleetState,
  query: string,
  recents: readonly string[] = [],
): PaletteEntry[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [verb, ...rest] = words;
  const agents = Object.values(state.agents).sort((a, b) => compareNames(a.name, b.name));
  const teams = childTeamsInOrder(state).map(({ team }) => team);

  if (verb === 'spawn' && rest.length > 0) {
    const raw = query.trim().split(/\s+/).slice(1);
    const name = raw[0] ?? '';
    if (!Name.safeParse(name).success) return [];
    const others = rest.slice(1);
    const kind = AgentKind.options.find((k) => others.includes(k)) ?? 'shell';
    const teamWord = others.find((w) => !AgentKind.options.includes(w as AgentKind));
    const candidates = teamWord ? teams.filter((t) => t.name.toLowerCase().startsWith(teamWord)) : [null];
    return candidates.slice(0, MAX_ENTRIES).map((team) => ({
      id: `spawn:${name}:${kind}:${team?.id ?? ''}`,
      label: `Spawn ${name} (${kind})${team ? ` in ${team.name}` : ''}`,
      hint: 'agent.spawn',
      action: { type: 'spawn', name, kind, teamId: team?.id ?? null },
    }));
  }
  if (verb === 'move') {
    const [agentWord = '', teamWord = ''] = rest;
    const entries: PaletteEntry[] = [];
    for (const agent of agents.filter((a) => a.name.toLowerCase().startsWith(agentWord))) {
      for (const team of teams.filter(
        (t) => t.id !== agent.teamId && t.name.toLowerCase().startsWith(teamWord),
      )) {
        entries.push({
          id: `move:${agent.id}:${team.id}`,
          label: `Move ${agent.name} to ${team.name}`,
          hint: 'agent.move',
          action: { type: 'move', agentId: agent.id, teamId: team.id },
        });
        if (entries.length >= MAX_ENTRIES) return entries;
      }
    }
    return entries;
  }

  const all: PaletteEntry[] = [
    { id: 'view:org', label: 'Go to org chart', hint: 'view', action: { type: 'view', view: 'org' } },
    {
      id: 'view:attention',
      label: 'Go to attention centre',
      hint: 'view · every notification',
      action: { type: 'view', view: 'attention' },
    },
    {
      id: 'view:inbox',
      label: 'Go to your inbox',
      hint: 'view · messages agents sent you (key i)',
      action: { type: 'view', view: 'inbox' },
    },
    {
      id: 'view:approvals',
      label: 'Go to approval queue',
      hint: 'view',
      action: { type: 'view', view: 'approvals' },
    },
    {
      id: 'view:grid',
      label: 'Go to terminal grid',
      hint: 'view · live mirrors of up to 9 agents',
      action: { type: 'view', view: 'grid' },
    },
    {
      id: 'view:dashboard',
      label: 'Go to health dashboard',
      hint: 'view',
      action: { type: 'view', view: 'dashboard' },
    },
    {
      id: 'view:flow',
      label: 'Go to message-flow graph',
      hint: 'view',
      action: { type: 'view', view: 'flow' },
    },
    {
      id: 'view:plans',
      label: 'Go to plans and managers',
      hint: 'view · live plan DAGs',
      action: { type: 'view', view: 'plans' },
    },
    {
      id: 'view:memory',
      label: 'Go to shared memory',
      hint: 'view · search, edit, delete entries',
      action: { type: 'view', view: 'memory' },
    },
    {
      id: 'view:search',
      label: 'Search the fleet',
      hint: 'view · what agents printed, sent and remembered',
      action: { type: 'view', view: 'search' },
    },
    {
      id: 'view:replay',
      label: 'Replay a recording',
      hint: "view · an agent's screens on a timeline of the fleet's events",
      action: { type: 'view', view: 'replay' },
    },
    {
      id: 'view:manage',
      label: 'Go to fleet management',
      hint: 'view · teams, restart, layouts, policies, roles, audit, broadcast, recovery, storage',
      action: { type: 'view', view: 'manage' },
    },
    ...pendingApprovals(state).flatMap((approval): PaletteEntry[] =>
      (['approve', 'deny'] as const).map((verdict) => ({
        id: `${verdict}:${approval.id}`,
        label: `${verdict === 'approve' ? 'Approve' : 'Deny'} ${approval.kind.replace('_', ' ')}: ${shownItem(state, approval)}`,
        hint: `asked by ${requesterName(state, approval)}`,
        action: { type: 'decide', approvalId: approval.id, verdict },
      })),
    ),
    ...agents.map((agent): PaletteEntry => ({
      id: `focus:${agent.id}`,
      label: `Focus ${agent.name}`,
      hint: `${agent.kind} · ${agent.state.replaceAll('_', ' ')}`,
      action: { type: 'focus', agentId: agent.id },
    })),
    ...agents.map((agent): PaletteEntry => ({
      id: `open:${agent.id}`,
      label: `Open ${agent.name} details`,
      hint: 'live terminal mirror, messages, locks',
      action: { type: 'open', agentId: agent.id },
    })),
    ...agents.map((agent): PaletteEntry => ({
      id: `close:${agent.id}`,
      label: `Close ${agent.name}…`,
      hint: 'asks to confirm first · agent.close',
      action: { type: 'chart', command: { kind: 'close', agentId: agent.id } },
    })),
    {
      id: 'chart:needs-you',
      label: 'Go to what needs you',
      hint: 'org chart · key g',
      action: { type: 'needsYou' },
    },
    {
      id: 'chart:fit',
      label: 'Zoom the org chart to fit',
      hint: 'org chart',
      action: { type: 'chart', command: { kind: 'fit' } },
    },
    {
      id: 'chart:undo-move',
      label: 'Undo the last move',
      hint: 'within 5 s · key u on the chart',
      action: { type: 'undoMove' },
    },
    ...teams.flatMap((team) =>
      ([true, false] as const).map((collapsed): PaletteEntry => ({
        id: `collapse:${team.id}:${collapsed}`,
        label: `${collapsed ? 'Collapse' : 'Expand'} team ${team.name}`,
        hint: 'org chart',
        action: { type: 'chart', command: { kind: 'collapse', teamId: team.id, collapsed } },
      })),
    ),
    {
      id: 'spawn:help',
      label: 'Spawn an agent: type "spawn NAME [KIND] [TEAM]"',
      hint: 'agent.spawn',
      action: { type: 'fill', text: 'spawn ' },
    },
    {
      id: 'move:help',
      label: 'Move an agent: type "move AGENT TEAM"',
      hint: 'agent.move',
      action: { type: 'fill', text: 'move ' },
    },
    ...([true, false] as const).map((enabled): PaletteEntry => ({
      id: `dnd:${enabled}`,
      label: `Do not disturb: ${enabled ? 'on' : 'off'}`,
      hint: 'notifications (attention.setDoNotDisturb)',
      action: { type: 'doNotDisturb', enabled },
    })),
    ...([true, false] as const).map((enabled): PaletteEntry => ({
      id: `follow:${enabled}`,
      label: `Focus follows the terminal: ${enabled ? 'on' : 'off'}`,
      hint: 'focusing a pane in iTerm2 selects its agent',
      action: { type: 'focusFollows', enabled },
    })),
    ...teams.flatMap((team) =>
      ([true, false] as const).map((muted): PaletteEntry => ({
        id: `mute:${team.id}:${muted}`,
        label: `${muted ? 'Mute' : 'Unmute'} notifications of ${team.name}`,
        hint: 'attention.muteTeam',
        action: { type: 'muteTeam', teamId: team.id, muted },
      })),
    ),
    ...(['light', 'dark', 'system'] as const).map((theme): PaletteEntry => ({
      id: `theme:${theme}`,
      label: `Theme: ${theme}`,
      hint: 'appearance',
      action: { type: 'theme', theme },
    })),
  ];
  return ranked(all, words, recents);
}
