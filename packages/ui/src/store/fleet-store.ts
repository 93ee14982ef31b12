import { createStore } from 'zustand/vanilla';
import { SwitchboardError } from '@switchboard/protocol';
import type { Client, CommandInput, ConnectionStatus, SwitchboardEvent } from '@switchboard/protocol';
import { attentionOf, type Notice } from './attention';
import { applyEvent, emptyFleet, fromSnapshot, hasGap, withInboxes, type FleetState } from './fleet-state';

/** What a command run from the UI came to: done, or refused with the host's reason. */
export type Outcome = { ok: true } | { ok: false; reason: string };

export interface FleetStoreState {
  /** The client the store was made with, for views that call or listen beyond the fleet (the agent detail's mirror). */
  readonly client: Client;
  fleet: FleetState;
  connection: ConnectionStatus;
  /** Whether the first snapshot has arrived. */
  loaded: boolean;
  lastError: string | null;
  /** Toasts, oldest first. */
  notices: Notice[];
  spawnAgent(input: CommandInput<'agent.spawn'>): Promise<boolean>;
  createTeam(input: CommandInput<'team.create'>): Promise<boolean>;
  closeAgent(agent: string): Promise<boolean>;
  /** Moves agents into a team at a place among its agents, in order. */
  moveAgents(agentIds: string[], teamId: string | null, position: number): Promise<Outcome>;
  renameTeam(teamId: string, name: string): Promise<Outcome>;
  /** Approves or denies queue items together (all or none), each with an optional comment. */
  decide(decisions: { id: string; verdict: 'approve' | 'deny'; comment?: string }[]): Promise<Outcome>;
  /** Brings the agent's terminal pane to the front. */
  focusPane(agentId: string): Promise<Outcome>;
  notify(notice: Omit<Notice, 'id'>): void;
  dismissNotice(id: string): void;
  dismissError(): void;
}

const MAX_NOTICES = 5;

/** Decided items loaded into the queue's history on connect. */
const HISTORY_LIMIT = 100;
const INBOX_REFRESH_MS = 150;

/**
 * The UI's one store, created with an injected client (WebSocket, Electron IPC or in-memory). It loads
 * a snapshot whenever the link opens, then applies events; a sequence gap triggers a fresh snapshot.
 */
export function createFleetStore(client: Client) {
  let localNotices = 0;
  const store = createStore<FleetStoreState>()((set) => {
    const attempt = async (work: () => Promise<unknown>): Promise<Outcome> => {
      try {
        await work();
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: error instanceof SwitchboardError ? error.message : String(error) };
      }
    };
    const run = async (work: () => Promise<unknown>) => {
      const outcome = await attempt(work);
      set({ lastError: outcome.ok ? null : outcome.reason });
      return outcome.ok;
    };
    const addNotice = (notice: Notice) => set((state) => ({ notices: [...state.notices, notice].slice(-MAX_NOTICES) }));
    return {
      client,
      fleet: emptyFleet,
      connection: 'connecting',
      loaded: false,
      lastError: null,
      notices: [],
      spawnAgent: (input) => run(() => client.call('agent.spawn', input)),
      createTeam: (input) => run(() => client.call('team.create', input)),
      closeAgent: (agent) => run(() => client.call('agent.close', { agent })),
      moveAgents: (agentIds, teamId, position) =>
        attempt(async () => {
          for (const [index, agent] of agentIds.entries()) await client.call('agent.move', { agent, team: teamId, position: position + index });
        }),
      renameTeam: (teamId, name) => attempt(() => client.call('team.rename', { team: teamId, name })),
      decide: (decisions) => attempt(() => client.call('approval.decide', { decisions })),
      focusPane: (agentId) => attempt(() => client.call('pane.focus', { target: agentId })),
      notify: (notice) => addNotice({ ...notice, id: `local-${++localNotices}` }),
      dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
      dismissError: () => set({ lastError: null }),
    };
  });

  // Events that arrive while a snapshot is loading are kept and replayed on top of it (applyEvent
  // skips those the snapshot already reflects), so nothing seen during the load is lost.
  let sinceRefresh: SwitchboardEvent[] | null = null;
  const refresh = async () => {
    sinceRefresh ??= [];
    try {
      const snapshot = await client.call('fleet.snapshot', {});
      const [pending, history, locks, inboxes] = await Promise.all([
        client.call('approval.list', { status: 'pending' }),
        client.call('approval.history', { limit: HISTORY_LIMIT }),
        client.call('lock.list', {}),
        client.call('message.status', {}),
      ]);
      const lists = { approvals: [...history.approvals, ...pending.approvals], locks: locks.locks, inboxes: inboxes.inboxes };
      store.setState((state) => ({ fleet: (sinceRefresh ?? []).reduce(applyEvent, fromSnapshot(snapshot, lists, state.fleet)), loaded: true }));
    } catch {
      // The status listener retries when the connection comes back.
    } finally {
      sinceRefresh = null;
    }
  };

  // Message events carry no counters: ask for the inboxes again, at most once per burst.
  let inboxTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshInboxes = () => {
    clearTimeout(inboxTimer);
    inboxTimer = setTimeout(() => {
      client.call('message.status', {}).then(
        ({ inboxes }) => store.setState((state) => ({ fleet: withInboxes(state.fleet, inboxes) })),
        () => undefined,
      );
    }, INBOX_REFRESH_MS);
  };

  client.onEvent((event) => {
    if (event.type.startsWith('message.')) refreshInboxes();
    const { fleet } = store.getState();
    sinceRefresh?.push(event);
    if (hasGap(fleet, event) && !sinceRefresh) void refresh();
    const notice = event.sequence > fleet.sequence ? attentionOf(fleet, event) : null;
    store.setState((state) => ({ fleet: applyEvent(fleet, event), notices: notice ? [...state.notices, notice].slice(-MAX_NOTICES) : state.notices }));
  });
  client.onStatus((connection) => {
    store.setState({ connection });
    if (connection === 'open') void refresh();
  });
  void refresh();
  return store;
}

export type FleetStore = ReturnType<typeof createFleetStore>;
