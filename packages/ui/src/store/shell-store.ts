import { createStore } from 'zustand/vanilla';

export type ViewName = 'org' | 'attention' | 'approvals' | 'agent' | 'dashboard' | 'flow';
export type ThemeChoice = 'system' | 'light' | 'dark';

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
  setView(view: ViewName): void;
  setTheme(theme: ThemeChoice): void;
  setPaletteOpen(open: boolean): void;
  focusAgent(agentId: string): void;
  /** Opens the agent detail view on this agent. */
  openAgent(agentId: string): void;
  /** Opens the approval queue on this item. */
  openApproval(approvalId: string): void;
}

const THEME_KEY = 'switchboard.theme';

export function createShellStore(storage?: Pick<Storage, 'getItem' | 'setItem'>) {
  const saved = storage?.getItem(THEME_KEY);
  const theme: ThemeChoice = saved === 'light' || saved === 'dark' ? saved : 'system';
  let nonce = 0;
  return createStore<ShellState>()((set) => ({
    view: 'org',
    theme,
    paletteOpen: false,
    focus: null,
    detailAgentId: null,
    queueFocus: null,
    setView: (view) => set({ view }),
    setTheme: (next) => {
      storage?.setItem(THEME_KEY, next);
      set({ theme: next });
    },
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    focusAgent: (agentId) => set({ view: 'org', focus: { agentId, nonce: ++nonce } }),
    openAgent: (agentId) => set({ view: 'agent', detailAgentId: agentId }),
    openApproval: (approvalId) => set({ view: 'approvals', queueFocus: { approvalId, nonce: ++nonce } }),
  }));
}

export type ShellStore = ReturnType<typeof createShellStore>;
