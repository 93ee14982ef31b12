import { createStore } from 'zustand/vanilla';
import type { Outcome } from '../store/fleet-store';

/** Something already done that can still be reversed for a few seconds ("Moved api-1 to frontend"). */
export interface UndoableEntry {
  key: string;
  label: string;
  /** When the undo offer ends (ms since the epoch). */
  dueAt: number;
}

export interface UndoableActionsState {
  entries: UndoableEntry[];
  /** Offers to reverse a done action for the undo window; returns the entry's key. */
  offer(label: string, revert: () => Promise<Outcome>): string;
  /** Reverses an entry (or the newest); false if its window has ended or it is unknown. */
  undo(key?: string): Promise<Outcome | false>;
  /** Ends the offer at once (the action stays done). */
  keep(key: string): void;
  dispose(): void;
}

export interface UndoableActionsOptions {
  delayMs?: number;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** As long as a queue decision's undo window (approvals/staged-decisions.ts). */
export const UNDO_ACTION_MS = 5000;

/**
 * Actions that take effect at once (a move: the chart follows the host's events, so holding it back
 * would leave the card hanging) with an undo that reverses them during the window. The undo bar shows
 * them next to the held-back queue decisions.
 */
export function createUndoableActions(options: UndoableActionsOptions = {}) {
  const { delayMs = UNDO_ACTION_MS, now = Date.now } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const reverts = new Map<string, { revert: () => Promise<Outcome>; timer: unknown }>();
  let counter = 0;
  return createStore<UndoableActionsState>()((set, get) => {
    const remove = (key: string) => {
      clearTimer(reverts.get(key)?.timer);
      reverts.delete(key);
      set((state) => ({ entries: state.entries.filter((e) => e.key !== key) }));
    };
    return {
      entries: [],
      offer: (label, revert) => {
        const key = `undoable-${++counter}`;
        reverts.set(key, { revert, timer: setTimer(() => remove(key), delayMs) });
        set((state) => ({ entries: [...state.entries, { key, label, dueAt: now() + delayMs }] }));
        return key;
      },
      undo: async (key) => {
        const entry = key === undefined ? get().entries.at(-1) : get().entries.find((e) => e.key === key);
        const action = entry && reverts.get(entry.key);
        if (!entry || !action) return false;
        remove(entry.key);
        return action.revert();
      },
      keep: remove,
      dispose: () => {
        for (const { timer } of reverts.values()) clearTimer(timer);
        reverts.clear();
        set({ entries: [] });
      },
    };
  });
}

export type UndoableActions = ReturnType<typeof createUndoableActions>;
