import { createStore } from 'zustand/vanilla';
import type { Client, SwitchboardEvent } from '@switchboard/protocol';
import { applyAttentionEvents, type AttentionItems } from './attention-centre';

/** How many items (open and closed) the centre loads on connect; newer ones arrive as events. */
export const CENTRE_LIMIT = 1000;

export interface AttentionCentreState {
  items: AttentionItems;
  loaded: boolean;
  problem: string | null;
  /** The item "next thing that needs me" went to last, so the next press moves on. */
  lastVisited: string | null;
  setLastVisited(id: string | null): void;
  dismiss(ids: string[]): Promise<void>;
}

/**
 * The attention centre's memory: every notification the host keeps (open, dismissed, resolved; the
 * newest 1000 at connect) plus every one raised, updated or closed since. Loaded again on each reconnect.
 */
export function createAttentionCentre(client: Client) {
  const store = createStore<AttentionCentreState>()((set) => ({
    items: {},
    loaded: false,
    problem: null,
    lastVisited: null,
    setLastVisited: (lastVisited) => set({ lastVisited }),
    dismiss: async (ids) => {
      if (ids.length === 0) return;
      try {
        await client.call('attention.dismiss', { ids });
      } catch (error) {
        set({ problem: error instanceof Error ? error.message : String(error) });
      }
    },
  }));
  const load = async () => {
    const seen: SwitchboardEvent[] = [];
    const stop = client.onEvent((event) => seen.push(event));
    try {
      const { items } = await client.call('attention.list', { includeClosed: true, limit: CENTRE_LIMIT });
      const loaded = applyAttentionEvents(Object.fromEntries(items.map((i) => [i.id, i])), seen);
      store.setState({ items: loaded, loaded: true, problem: null });
    } catch (error) {
      store.setState({ problem: error instanceof Error ? error.message : String(error) });
    } finally {
      stop();
    }
  };
  // Events of one burst are applied together, once per task: the centre renders once, not once per event.
  let burst: SwitchboardEvent[] = [];
  const flush = () => {
    const events = burst;
    burst = [];
    store.setState((state) => ({ items: applyAttentionEvents(state.items, events) }));
  };
  const stopEvents = client.onEvent((event) => {
    if (!event.type.startsWith('attention.')) return;
    if (burst.push(event) === 1) setTimeout(flush, 0);
  });
  const stopStatus = client.onStatus((status) => {
    if (status === 'open') void load();
  });
  void load();
  return Object.assign(store, {
    dispose: () => {
      stopEvents();
      stopStatus();
    },
  });
}

export type AttentionCentre = ReturnType<typeof createAttentionCentre>;
