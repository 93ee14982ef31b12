import { createStore } from 'zustand/vanilla';
import type { ApprovalVerdict } from '@switchboard/protocol';
import type { Outcome } from '../store/fleet-store';

/** One decision as `approval.decide` takes it. */
export interface DecisionInput {
  id: string;
  verdict: ApprovalVerdict;
  choice?: string;
  comment?: string;
}

/** Decisions taken together, waiting out their undo window before they are sent. */
export interface StagedEntry {
  key: string;
  decisions: DecisionInput[];
  /** What the person did, in words: "Approved: Run the migration". */
  label: string;
  /** When they are sent (ms since the epoch). */
  dueAt: number;
}

export interface StagedDecisionsState {
  entries: StagedEntry[];
  /** Holds decisions back for the undo window, then sends them; returns the entry's key. */
  stage(decisions: DecisionInput[], label: string): string;
  /** Drops an entry (or the newest) before it is sent; false if it was already sent or unknown. */
  undo(key?: string): boolean;
  /** Sends an entry at once. */
  sendNow(key: string): void;
  /** Forgets every entry without sending (nothing was sent: the items stay pending). */
  dispose(): void;
}

export interface StagedDecisionsOptions {
  /** Sends the decisions (approval.decide). */
  decide(decisions: DecisionInput[]): Promise<Outcome>;
  /** Told when sending failed (e.g. the item expired meanwhile). */
  onFailed(entry: StagedEntry, reason: string): void;
  delayMs?: number;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export const UNDO_MS = 5000;

/**
 * Decisions with an undo window: a decision is only sent (`approval.decide`) when its window ends, so
 * undo needs no call at all, and a crash or a closed window during it loses nothing — the item simply
 * stays pending in the host.
 */
export function createStagedDecisions(options: StagedDecisionsOptions) {
  const { decide, onFailed, delayMs = UNDO_MS, now = Date.now } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const timers = new Map<string, unknown>();
  let counter = 0;
  return createStore<StagedDecisionsState>()((set, get) => {
    const remove = (key: string) => {
      clearTimer(timers.get(key));
      timers.delete(key);
      set((state) => ({ entries: state.entries.filter((e) => e.key !== key) }));
    };
    const send = (key: string) => {
      const entry = get().entries.find((e) => e.key === key);
      if (!entry) return;
      remove(key);
      void decide(entry.decisions).then((outcome) => {
        if (!outcome.ok) onFailed(entry, outcome.reason);
      });
    };
    return {
      entries: [],
      stage: (decisions, label) => {
        const key = `staged-${++counter}`;
        set((state) => ({ entries: [...state.entries, { key, decisions, label, dueAt: now() + delayMs }] }));
        timers.set(
          key,
          setTimer(() => send(key), delayMs),
        );
        return key;
      },
      undo: (key) => {
        const entry = key === undefined ? get().entries.at(-1) : get().entries.find((e) => e.key === key);
        if (!entry) return false;
        remove(entry.key);
        return true;
      },
      sendNow: send,
      dispose: () => {
        for (const timer of timers.values()) clearTimer(timer);
        timers.clear();
        set({ entries: [] });
      },
    };
  });
}

export type StagedDecisions = ReturnType<typeof createStagedDecisions>;

/** Ids of items with a decision waiting out its undo window. Pure. */
export function stagedIds(entries: readonly StagedEntry[]): Set<string> {
  return new Set(entries.flatMap((e) => e.decisions.map((d) => d.id)));
}
