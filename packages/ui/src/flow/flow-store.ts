import { createStore } from 'zustand/vanilla';
import type { Client, Message } from '@switchboard/protocol';
import { SwitchboardError } from '@switchboard/protocol';
import { applySent, edgeKey, fromFlow, windowSince, type FlowEdges, type FlowWindow } from './flow-edges';
import { DELEGATION_KINDS } from './flow-graph';

/** How long after a burst of replies the graph is re-read (their requests answered). */
const REPLY_REFRESH_MS = 250;

/** The messages between two agents, as the edge panel shows them (newest first). */
export interface EdgeMessages {
  from: string;
  to: string;
  messages: Message[] | null;
  hasMore: boolean;
  error: string | null;
}

export interface FlowStoreState {
  window: FlowWindow;
  /** Replaying: the graph as it stood at this time (message.flow up to it; live sends are not added). Null: live. */
  until: string | null;
  edges: FlowEdges;
  /** Per graph edge id (`from → to:channel`): messages that went along it since the view opened (the animation's trigger). */
  pulses: Record<string, number>;
  loaded: boolean;
  error: string | null;
  selected: EdgeMessages | null;
  setWindow(window: FlowWindow): Promise<void>;
  /** Replays the traffic up to `until` (an ISO time), or goes back to live with null. */
  setUntil(until: string | null): Promise<void>;
  refresh(): Promise<void>;
  /** Opens the messages between two agents (both directions, newest first); null closes the panel. */
  select(pair: { from: string; to: string } | null): Promise<void>;
  dispose(): void;
}

export interface FlowStoreOptions {
  now?: () => number;
  /** How often the window is re-read from the host, so messages that aged out of it leave; 0: never. */
  refreshMs?: number;
  messageLimit?: number;
}

/**
 * The message-flow graph's store, created with an injected client: message.flow for the chosen window,
 * plus every live `message.sent` counted on its edge at once (and marked as a pulse to animate).
 */
export function createFlowStore(client: Client, options: FlowStoreOptions = {}) {
  const now = options.now ?? Date.now;
  let generation = 0;
  const reason = (error: unknown) => (error instanceof SwitchboardError ? error.message : String(error));
  const store = createStore<FlowStoreState>()((set, get) => ({
    window: '5m',
    until: null,
    edges: {},
    pulses: {},
    loaded: false,
    error: null,
    selected: null,
    setWindow: async (window) => {
      set({ window });
      await get().refresh();
    },
    setUntil: async (until) => {
      set({ until });
      await get().refresh();
    },
    refresh: async () => {
      const mine = ++generation;
      try {
        const since = windowSince(get().window, now());
        // The answer replaces the live counts: a message sent between the host's query and this answer
        // arriving is missed until the next refresh (the answer carries no sequence to merge by).
        const until = get().until;
        const { edges } = await client.call('message.flow', {
          ...(since === undefined ? {} : { since }),
          ...(until === null ? {} : { until }),
        });
        if (mine === generation) set({ edges: fromFlow(edges), loaded: true, error: null });
      } catch (error) {
        if (mine === generation) set({ error: reason(error), loaded: true });
      }
    },
    select: async (pair) => {
      if (!pair) return set({ selected: null });
      set({ selected: { ...pair, messages: null, hasMore: false, error: null } });
      try {
        const since = windowSince(get().window, now());
        const { messages, hasMore } = await client.call('message.history', {
          agent: pair.from,
          peer: pair.to,
          limit: options.messageLimit ?? 100,
          ...(since === undefined ? {} : { since }),
        });
        if (get().selected?.from === pair.from && get().selected?.to === pair.to)
          set({ selected: { ...pair, messages, hasMore, error: null } });
      } catch (error) {
        set({ selected: { ...pair, messages: [], hasMore: false, error: reason(error) } });
      }
    },
    dispose: () => {
      stopEvents();
      clearInterval(timer);
      clearTimeout(replyTimer);
    },
  }));

  // Which request a reply answers only the host can tell (reply-to, correlation): re-read once per burst of replies.
  let replyTimer: ReturnType<typeof setTimeout> | undefined;
  const stopEvents = client.onEvent((event) => {
    if (event.type !== 'message.sent' || store.getState().until !== null) return;
    if (event.kind === 'reply') {
      clearTimeout(replyTimer);
      replyTimer = setTimeout(() => void store.getState().refresh(), REPLY_REFRESH_MS);
    }
    store.setState((state) => {
      const pulses = { ...state.pulses };
      for (const recipient of event.recipientIds) {
        const key = `${edgeKey(event.senderId, recipient)}:${DELEGATION_KINDS.has(event.kind) ? 'delegation' : 'chat'}`;
        pulses[key] = (pulses[key] ?? 0) + 1;
      }
      return { edges: applySent(state.edges, event), pulses };
    });
  });
  const refreshMs = options.refreshMs ?? 30_000;
  const timer = refreshMs > 0 ? setInterval(() => void store.getState().refresh(), refreshMs) : undefined;
  return store;
}

export type FlowStore = ReturnType<typeof createFlowStore>;
