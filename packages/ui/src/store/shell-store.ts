import { createStore } from 'zustand/vanilla';

export type ViewName =
  | 'org'
  | 'attention'
  | 'inbox'
  | 'approvals'
  | 'agent'
  | 'grid'
  | 'dashboard'
  | 'flow'
  | 'plans'
  | 'memory'
  | 'search'
  | 'replay'
  | 'manage';
export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the palette asks of the org chart (it switches to it first). */
export type ChartCommand =
  | { kind: 'fit' }
  | { kind: 'collapse'; teamId: string; collapsed: boolean }
  /** Selects the agent and asks to confirm closing it (the selection bar's confirmation). */
  | { kind: 'close'; agentId: string };

/** UI-only state of the shell: which view, which theme, the palette, and what to bring into view. */
export interface ShellState {
  view: ViewName;
  theme: ThemeChoice;
  paletteOpen: boolean;
  /** An agent the chart should centre on; `nonce` makes a repeated request visible. */
  focus: { agentId: string; nonce: number } | null;
  /** The agent the detail view shows. */
  detailAgentId: string | null;
  /** An approval the queue should put its cursor on; `nonce` makes a repeated request visible. */
  queueFocus: { approvalId: string; nonce: number } | null;
  /** Palette entries run lately, most recent first (kept across reloads). */
  recentCommands: string[];
  /** The agents the terminal grid mirrors, in order; null until someone chooses (the grid picks). */
  gridAgentIds: string[] | null;
  setGridAgents(agentIds: string[]): void;
  setView(view: ViewName): void;
  setTheme(theme: ThemeChoice): void;
  setPaletteOpen(open: boolean): void;
  focusAgent(agentId: string): void;
  /** Opens the agent detail view on this agent. */
  openAgent(agentId: string): void;
  /** Opens the approval queue on this item. */
  openApproval(approvalId: string): void;
  /** The agent (and moment, ms) the replay view opens on; `nonce` makes a repeat visible. */
  replayFocus: { agentId: string; at: number; nonce: number } | null;
  /** Opens the replay view on this agent's recording at this moment. */
  openReplay(agentId: string, at: number): void;
  /** The org chart's pending palette command; `nonce` makes a repeat visible. */
  chartCommand: (ChartCommand & { nonce: number }) | null;
  runChartCommand(command: ChartCommand): void;
  /** Remembers a palette entry as the most recent. */
  rememberCommand(entryId: string): void;
  /** "Focus follows": focusing an agent's pane in the terminal selects it here (off unless the person turns it on; kept per browser). */
  focusFollows: boolean;
  setFocusFollows(on: boolean): void;
  /** The terminal's focus moved to this agent: the chart selects it, the detail view switches to it; other views stay. */
  followTerminalFocus(agentId: string): void;
}

const THEME_KEY = 'switchboard.theme';
const RECENTS_KEY = 'switchboard.palette.recents';
const FOCUS_FOLLOWS_KEY = 'switchboard.focusFollows';
/** How many palette commands are remembered as recent. */
const MAX_RECENTS = 8;

/** The recent list after running `id`: it moves to the front, the oldest beyond MAX_RECENTS fall off. */
export function withRecent(recents: readonly string[], id: string): string[] {
  return [id, ...recents.filter((other) => other !== id)].slice(0, MAX_RECENTS);
}

function savedRecents(storage?: Pick<Storage, 'getItem'>): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(RECENTS_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((id): id is string => typeof id === 'string').slice(0, MAX_RECENTS)
      : [];
  } catch {
    return [];
  }
}

export function createShellStore(storage?: Pick<Storage, 'getItem' | 'setItem'>) {
  const saved = storage?.getItem(THEME_KEY);
  const theme: ThemeChoice = saved === 'light' || saved === 'dark' ? saved : 'system';
  let nonce = 0;
  return createStore<ShellState>()((set, get) => ({
    view: 'org',
    theme,
    paletteOpen: false,
    focus: null,
    detailAgentId: null,
    queueFocus: null,
    recentCommands: savedRecents(storage),
    gridAgentIds: null,
    setGridAgents: (gridAgentIds) => set({ gridAgentIds }),
    setView: (view) => set({ view }),
    setTheme: (next) => {
      storage?.setItem(THEME_KEY, next);
      set({ theme: next });
    },
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    focusAgent: (agentId) => set({ view: 'org', focus: { agentId, nonce: ++nonce } }),
    openAgent: (agentId) => set({ view: 'agent', detailAgentId: agentId }),
    openApproval: (approvalId) => set({ view: 'approvals', queueFocus: { approvalId, nonce: ++nonce } }),
    replayFocus: null,
    openReplay: (agentId, at) => set({ view: 'replay', replayFocus: { agentId, at, nonce: ++nonce } }),
    chartCommand: null,
    runChartCommand: (command) => set({ view: 'org', chartCommand: { ...command, nonce: ++nonce } }),
    focusFollows: storage?.getItem(FOCUS_FOLLOWS_KEY) === 'on',
    setFocusFollows: (on) => {
      storage?.setItem(FOCUS_FOLLOWS_KEY, on ? 'on' : 'off');
      set({ focusFollows: on });
    },
    followTerminalFocus: (agentId) => {
      const { view } = get();
      if (view === 'org') set({ focus: { agentId, nonce: ++nonce } });
      else if (view === 'agent') set({ detailAgentId: agentId });
    },
    rememberCommand: (entryId) => {
      const recentCommands = withRecent(get().recentCommands, entryId);
      storage?.setItem(RECENTS_KEY, JSON.stringify(recentCommands));
      set({ recentCommands });
    },
  }));
}

export type ShellStore = ReturnType<typeof createShellStore>;
