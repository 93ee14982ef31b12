import { createStore } from 'zustand/vanilla';
import type { AttentionItem, Client, SwitchboardEvent } from '@switchboard/protocol';
import { applyAttentionEvents, type AttentionItems } from './attention-centre';
import { boundAttention, mergeOlder } from './attention-history';

/** Items per attention.list call (the command's maximum). */
export const PAGE_LIMIT = 1000;
/** Closed items the centre keeps in memory (the newest); open ones are all kept. "Load older" adds pages beyond. */
export const CLOSED_KEPT = 5000;
/** Pages of open items read at connect at most (a runaway fleet must not stall the page). */
const MAX_OPEN_PAGES = 100;
/** Events arriving within this window are applied in one store update (one render of the centre). */
export const BURST_MS = 50;

export interface AttentionCentreState {
  items: AttentionItems;
  loaded: boolean;
  problem: string | null;
  /** The item "next thing that needs me" went to last, so the next press moves on. */
  lastVisited: string | null;
  /** Closed items let go since connect to stay within the bound (the host keeps them; "Load older" reads them again). */
  dropped: number;
  /** Where the next page of history starts (an item id), or null when the host has nothing older. */
  olderFrom: string | null;
  loadingOlder: boolean;
  setLastVisited(id: string | null): void;
  dismiss(ids: string[]): Promise<void>;
  loadOlder(): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The attention centre's memory: every open notification the host has (read page by page at connect), the
 * newest page of history, every one raised, updated or closed since, and older history page by page on
 * request. Closed items beyond `closedKept` are let go, oldest first, and counted. Loaded again on each reconnect.
 */
export function createAttentionCentre(client: Client, options: { closedKept?: number } = {}) {
  let closedKept = options.closedKept ?? CLOSED_KEPT;
  const bounded = (items: AttentionItems, state: Pick<AttentionCentreState, 'dropped' | 'olderFrom'>) => {
    const result = boundAttention(items, closedKept);
    return result.dropped === 0
      ? { items }
      : { items: result.items, dropped: state.dropped + result.dropped, olderFrom: result.oldestKept };
  };
  const store = createStore<AttentionCentreState>()((set, get) => ({
    items: {},
    loaded: false,
    problem: null,
    lastVisited: null,
    dropped: 0,
    olderFrom: null,
    loadingOlder: false,
    setLastVisited: (lastVisited) => set({ lastVisited }),
    dismiss: async (ids) => {
      if (ids.length === 0) return;
      try {
        await client.call('attention.dismiss', { ids });
      } catch (error) {
        set({ problem: message(error) });
      }
    },
    loadOlder: async () => {
      const { olderFrom, loadingOlder } = get();
      if (olderFrom === null || loadingOlder) return;
      set({ loadingOlder: true });
      try {
        const { items: page } = await client.call('attention.list', {
          includeClosed: true,
          limit: PAGE_LIMIT,
          before: olderFrom,
        });
        // What the person asked to see is kept: the bound grows by the page.
        closedKept += page.length;
        set((state) => ({
          items: mergeOlder(state.items, page),
          olderFrom: page.length === PAGE_LIMIT ? page.at(-1)!.id : null,
          loadingOlder: false,
        }));
      } catch (error) {
        set({ problem: message(error), loadingOlder: false });
      }
    },
  }));

  /** Every open item, page by page (newest first), then the newest page of history. */
  const read = async () => {
    const open: AttentionItem[] = [];
    let before: string | undefined;
    for (let page = 0; page < MAX_OPEN_PAGES; page++) {
      const { items } = await client.call('attention.list', {
        limit: PAGE_LIMIT,
        ...(before === undefined ? {} : { before }),
      });
      open.push(...items);
      if (items.length < PAGE_LIMIT) break;
      before = items.at(-1)!.id;
    }
    const { items: history } = await client.call('attention.list', {
      includeClosed: true,
      limit: PAGE_LIMIT,
    });
    return {
      items: mergeOlder(Object.fromEntries(open.map((i) => [i.id, i])), history),
      olderFrom: history.length === PAGE_LIMIT ? history.at(-1)!.id : null,
    };
  };
  const load = async () => {
    const seen: SwitchboardEvent[] = [];
    const stop = client.onEvent((event) => seen.push(event));
    try {
      const { items, olderFrom } = await read();
      closedKept = options.closedKept ?? CLOSED_KEPT;
      const start = { dropped: 0, olderFrom };
      store.setState({
        ...start,
        ...bounded(applyAttentionEvents(items, seen), start),
        loaded: true,
        problem: null,
      });
    } catch (error) {
      store.setState({ problem: message(error) });
    } finally {
      stop();
    }
  };
  // Events of one burst are applied together: the centre renders once per burst, not once per event.
  let burst: SwitchboardEvent[] = [];
  const flush = () => {
    const events = burst;
    burst = [];
    store.setState((state) => bounded(applyAttentionEvents(state.items, events), state));
  };
  const stopEvents = client.onEvent((event) => {
    if (!event.type.startsWith('attention.')) return;
    if (burst.push(event) === 1) setTimeout(flush, BURST_MS);
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
