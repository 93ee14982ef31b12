import { createStore } from 'zustand/vanilla';
import type { Client } from '@switchboard/protocol';
import { applyAttentionEvent, type AttentionItems } from './attention-centre';

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
    const seen: Parameters<typeof applyAttentionEvent>[1][] = [];
    const stop = client.onEvent((event) => seen.push(event));
    try {
      const { items } = await client.call('attention.list', { includeClosed: true, limit: CENTRE_LIMIT });
      const loaded = seen.reduce(applyAttentionEvent, Object.fromEntries(items.map((i) => [i.id, i])));
      store.setState({ items: loaded, loaded: true, problem: null });
    } catch (error) {
      store.setState({ problem: error instanceof Error ? error.message : String(error) });
    } finally {
      stop();
    }
  };
  const stopEvents = client.onEvent((event) => {
    if (!event.type.startsWith('attention.')) return;
    store.setState((state) => ({ items: applyAttentionEvent(state.items, event) }));
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
