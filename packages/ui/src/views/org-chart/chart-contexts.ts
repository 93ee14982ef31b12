import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { noBroadcastGroups, type BroadcastGroups } from '../../broadcast/broadcast-groups';
import type { LastLinesStore } from '../../store/last-lines-store';
import { drawableGlyphs } from '../../shell/drawable-glyphs';
import { createStore } from 'zustand/vanilla';
import type { QuotaWarning, QuotaWarningsState, QuotaWarningsStore } from '../../store/quota-warnings-store';

/**
 * UI-only state the chart's nodes read, kept out of the nodes themselves so changing it never rebuilds
 * them: which node has the roving Tab stop, and what a team's header button does.
 */
export interface ChartUi {
  /** The node id that is the chart's one Tab stop (roving focus). */
  activeId: string | null;
  toggleCollapsed(teamId: string): void;
}

export const ChartUiContext = createContext<ChartUi>({ activeId: null, toggleCollapsed: () => undefined });
export const LastLinesContext = createContext<LastLinesStore | null>(null);
/** Agents resumed with their last turn cut off, waiting for the person (cutTurnsOf): agent id → since when. */
export const CutTurnsContext = createContext<ReadonlyMap<string, string>>(new Map());
/** Which agents type together in the terminal (broadcast domains): the cards' and teams' markers. */
export const BroadcastContext = createContext<BroadcastGroups>(noBroadcastGroups);

/** The last screen line of an agent as the card draws it (undefined until read, or outside a chart). */
export function useLastLine(agentId: string): string | null | undefined {
  const store = useContext(LastLinesContext);
  if (!store) throw new Error('useLastLine needs a <LastLinesContext.Provider>');
  const line = useStore(store, (s) => s.lines[agentId]);
  return typeof line === 'string' ? drawableGlyphs(line) : line;
}

export const QuotaWarningsContext = createContext<QuotaWarningsStore | null>(null);
const noWarnings: QuotaWarningsStore = createStore<QuotaWarningsState>()(() => ({
  warnings: {},
  dispose: () => undefined,
}));

/** The agent's quota warning (past 80 % of one), or undefined: none, or outside a chart. */
export function useQuotaWarning(agentId: string): QuotaWarning | undefined {
  const store = useContext(QuotaWarningsContext);
  return useStore(store ?? noWarnings, (s) => s.warnings[agentId]);
}
