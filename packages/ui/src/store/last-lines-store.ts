import { createStore } from 'zustand/vanilla';
import type { Client } from '@switchboard/protocol';
import { readLastLines } from '../health/last-lines';

export interface LastLinesState {
  /** Per agent id: the last non-blank line of its screen (absent until read; null for a blank screen). */
  lines: Record<string, string | null>;
  /** The agents to read; reads them at once. */
  watch(agentIds: readonly string[]): void;
  dispose(): void;
}

export interface LastLinesOptions {
  refreshMs?: number;
  /** How long a burst of screen-changing events is gathered before one read. */
  settleMs?: number;
}

/**
 * The last screen line of each watched agent, for the org chart's cards: read every `refreshMs` (5 s) and
 * shortly after an agent changes (`health.state_changed`, `agent.updated`), one `pane.read` per 32 agents.
 */
export function createLastLinesStore(client: Client, options: LastLinesOptions = {}) {
  const { refreshMs = 5000, settleMs = 300 } = options;
  let watched: readonly string[] = [];
  let soon: ReturnType<typeof setTimeout> | undefined;
  let reading = false;
  const store = createStore<LastLinesState>()(() => ({
    lines: {},
    watch: (agentIds) => {
      watched = agentIds;
      schedule(0);
    },
    dispose: () => {
      clearTimeout(soon);
      clearInterval(timer);
      stopEvents();
    },
  }));
  async function refresh() {
    if (reading || watched.length === 0) return;
    reading = true;
    try {
      const lines = await readLastLines(client, watched);
      store.setState((state) => ({ lines: { ...state.lines, ...lines } }));
    } finally {
      reading = false;
    }
  }
  function schedule(ms: number) {
    clearTimeout(soon);
    soon = setTimeout(() => void refresh(), ms);
  }
  const timer = setInterval(() => void refresh(), refreshMs);
  const stopEvents = client.onEvent((event) => {
    if (event.type === 'health.state_changed' || event.type === 'agent.updated') schedule(settleMs);
  });
  return store;
}

export type LastLinesStore = ReturnType<typeof createLastLinesStore>;
