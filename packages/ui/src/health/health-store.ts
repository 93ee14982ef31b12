import { createStore } from 'zustand/vanilla';
import type { Client, SwitchboardEvent } from '@switchboard/protocol';
import { recoverySummary, type AgentHealthDetail, type RecoverySummary } from './health-rows';
import { readLastLines } from './last-lines';

export { lastLineOf } from './last-lines';

export interface HealthStoreState {
  /** Per agent id: what health.history and pane.read told. */
  details: Record<string, AgentHealthDetail>;
  /** Per agent id: `recovery.status` (heartbeat, attempts, last step, breaker); empty if the host has none. */
  recovery: Record<string, RecoverySummary>;
  /** Automatic recovery is paused fleet-wide. */
  recoveryPaused: boolean;
  /** When each message copy of the last hour was sent (ms since the epoch), oldest first. */
  messageTimes: number[];
  /** Whether the history reached the one-page limit (older minutes of the hour may be missing). */
  messagesTruncated: boolean;
  loadedAt: number | null;
  /** Loads (or reloads) every given agent's details and the last hour of messages. */
  refresh(agentIds: readonly string[]): Promise<void>;
  /** Stops listening to events and the periodic refresh. */
  dispose(): void;
}

export interface HealthStoreOptions {
  now?: () => number;
  /** The agents to keep fresh; read on every periodic refresh. */
  agentIds?: () => readonly string[];
  /** Periodic refresh (output rates move even when no state changes); 0 turns it off. */
  refreshMs?: number;
  /** Periodic `recovery.status` (heartbeats arrive without events); 0 turns it off. */
  recoveryRefreshMs?: number;
  historyLimit?: number;
}

const HOUR = 3_600_000;
const MESSAGE_PAGE = 500;

/**
 * The dashboard's store, created with an injected client: per-agent health history and output rate,
 * last screen line, recovery status, and message send times. An agent's state change reloads that agent;
 * a sent message is counted at once; recovery is re-read every 5 s; everything every `refreshMs` (30 s).
 */
export function createHealthStore(client: Client, options: HealthStoreOptions = {}) {
  const now = options.now ?? Date.now;
  // Enough for an hour of a normally busy agent; a flappier one's timeline starts later (each history is
  // one call per agent per refresh, so this bounds what 100 agents cost).
  const limit = options.historyLimit ?? 60;
  const store = createStore<HealthStoreState>()((set) => ({
    details: {},
    recovery: {},
    recoveryPaused: false,
    messageTimes: [],
    messagesTruncated: false,
    loadedAt: null,
    refresh: async (agentIds) => {
      const [details, messages] = await Promise.all([
        loadDetails(agentIds),
        loadMessageTimes(),
        loadRecovery(),
      ]);
      set((state) => ({
        details: Object.fromEntries(
          agentIds.flatMap((id) =>
            details[id] ? [[id, details[id]]] : state.details[id] ? [[id, state.details[id]]] : [],
          ),
        ),
        messageTimes: messages?.times ?? state.messageTimes,
        messagesTruncated: messages?.truncated ?? state.messagesTruncated,
        loadedAt: now(),
      }));
    },
    dispose: () => {
      stopEvents();
      clearInterval(timer);
      clearInterval(recoveryTimer);
    },
  }));

  async function loadDetails(agentIds: readonly string[]): Promise<Record<string, AgentHealthDetail>> {
    const [histories, lines] = await Promise.all([
      // Swallowed on purpose: an agent closed since the list was read has no history: its row shows none.
      Promise.all(agentIds.map((agent) => client.call('health.history', { agent, limit }).catch(() => null))),
      readLastLines(client, agentIds),
    ]);
    const details: Record<string, AgentHealthDetail> = {};
    agentIds.forEach((id, index) => {
      const history = histories[index];
      if (!history) return;
      details[id] = {
        current: history.current,
        transitions: history.transitions,
        outputRate: history.outputRate,
        lastLine: lines[id] ?? null,
      };
    });
    return details;
  }

  /** One call for every agent; a host without the recovery contract leaves the columns unknown. */
  async function loadRecovery(): Promise<void> {
    try {
      const status = await client.call('recovery.status', {});
      store.setState({
        recovery: Object.fromEntries(status.agents.map((agent) => [agent.agentId, recoverySummary(agent)])),
        recoveryPaused: status.paused,
      });
    } catch {
      // Unknown stays unknown ("—").
    }
  }

  async function loadMessageTimes(): Promise<{ times: number[]; truncated: boolean } | null> {
    try {
      const since = new Date(now() - HOUR).toISOString();
      const { messages, hasMore } = await client.call('message.history', { since, limit: MESSAGE_PAGE });
      return {
        times: messages.map((m) => Date.parse(m.createdAt)).sort((a, b) => a - b),
        truncated: hasMore,
      };
    } catch {
      return null;
    }
  }

  const reloadAgent = async (agentId: string) => {
    const details = await loadDetails([agentId]);
    if (details[agentId])
      store.setState((state) => ({ details: { ...state.details, [agentId]: details[agentId]! } }));
  };

  const onEvent = (event: SwitchboardEvent) => {
    switch (event.type) {
      case 'health.state_changed':
        void reloadAgent(event.agentId);
        return;
      case 'message.sent': {
        const at = Date.parse(event.at);
        const cutoff = now() - HOUR;
        store.setState((state) => ({
          messageTimes: [
            ...state.messageTimes.filter((t) => t >= cutoff),
            ...event.recipientIds.map(() => at),
          ],
        }));
        return;
      }
      case 'recovery.step_started':
      case 'recovery.step_finished':
      case 'recovery.recovered':
      case 'recovery.breaker_opened':
      case 'recovery.breaker_closed':
      case 'recovery.paused':
      case 'recovery.resumed':
        void loadRecovery();
        return;
      case 'agent.closed':
        store.setState((state) => {
          const { [event.agentId]: _closed, ...details } = state.details;
          return { details };
        });
        return;
      default:
        return;
    }
  };
  const stopEvents = client.onEvent(onEvent);
  const refreshMs = options.refreshMs ?? 30_000;
  const timer =
    refreshMs > 0 && options.agentIds
      ? setInterval(() => void store.getState().refresh(options.agentIds!()), refreshMs)
      : undefined;
  const recoveryRefreshMs = options.recoveryRefreshMs ?? 5_000;
  const recoveryTimer =
    recoveryRefreshMs > 0 ? setInterval(() => void loadRecovery(), recoveryRefreshMs) : undefined;
  return store;
}

export type HealthStore = ReturnType<typeof createHealthStore>;
