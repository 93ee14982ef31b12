import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StagedDecisions, StagedDecisionsState } from '../approvals/staged-decisions';
import type { AttentionCentre, AttentionCentreState } from '../attention/attention-centre-store';
import type { UndoableActions, UndoableActionsState } from '../shell/undoable-actions';
import type { FleetStore, FleetStoreState } from '../store/fleet-store';
import type { ShellState, ShellStore } from '../store/shell-store';

export const StoreContext = createContext<FleetStore | null>(null);
export const ShellContext = createContext<ShellStore | null>(null);
export const StagedContext = createContext<StagedDecisions | null>(null);
export const AttentionContext = createContext<AttentionCentre | null>(null);
export const UndoableContext = createContext<UndoableActions | null>(null);

/** Reads from the injected fleet store (see createFleetStore). */
export function useFleet<T>(selector: (state: FleetStoreState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useFleet needs a <StoreContext.Provider>');
  return useStore(store, selector);
}

/** Reads from the shell store the App provides. */
export function useShell<T>(selector: (state: ShellState) => T): T {
  const store = useContext(ShellContext);
  if (!store) throw new Error('useShell needs a <ShellContext.Provider>');
  return useStore(store, selector);
}

/** Reads the decisions waiting out their undo window (see createStagedDecisions). */
export function useStaged<T>(selector: (state: StagedDecisionsState) => T): T {
  const store = useContext(StagedContext);
  if (!store) throw new Error('useStaged needs a <StagedContext.Provider>');
  return useStore(store, selector);
}

/** Reads the attention centre's items (see createAttentionCentre). */
export function useAttention<T>(selector: (state: AttentionCentreState) => T): T {
  const store = useContext(AttentionContext);
  if (!store) throw new Error('useAttention needs an <AttentionContext.Provider>');
  return useStore(store, selector);
}

/** Reads the done actions that can still be undone (see createUndoableActions). */
export function useUndoable<T>(selector: (state: UndoableActionsState) => T): T {
  const store = useContext(UndoableContext);
  if (!store) throw new Error('useUndoable needs an <UndoableContext.Provider>');
  return useStore(store, selector);
}
