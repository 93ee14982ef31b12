import { createStore } from 'zustand/vanilla';
import { SwitchboardError } from '@switchboard/protocol';
import type {
  AttentionSettings,
  Client,
  CommandInput,
  ConnectionStatus,
  SwitchboardEvent,
} from '@switchboard/protocol';
import { noticesAfter, type Notice } from './attention';
import { notifyPerFrame } from './notify-per-frame';
import { applyEvent, emptyFleet, fromSnapshot, hasGap, withInboxes, type FleetState } from './fleet-state';
import { markFleetLoaded } from './perf-marks';
import type { TokenVerdict } from '../transport/token-check';

/** What a command run from the UI came to: done, or refused with the host's reason. */
export type Outcome = { ok: true } | { ok: false; reason: string };

export interface FleetStoreState {
  /** The client the store was made with, for views that call or listen beyond the fleet (the agent detail's mirror). */
  readonly client: Client;
  fleet: FleetState;
  connection: ConnectionStatus;
  /** When the link to the host was lost (ISO), while it is; null while connected. */
  disconnectedSince: string | null;
  /** The host answers but refuses the page's token: it was started again (a new token each start). */
  tokenRefused: boolean;
  /** Whether the first snapshot has arrived. */
  loaded: boolean;
  lastError: string | null;
  /** Toasts, oldest first. */
  notices: Notice[];
  /** Do-not-disturb and muted teams, as the host keeps them (null until loaded). */
  attention: AttentionSettings | null;
  /** The agent "go to pane" last focused (attention.focused) or clicked in the terminal's status bar; `nonce` makes a repeat visible. */
  focused: { agentId: string; nonce: number } | null;
  /** The agent whose pane has the terminal's keyboard focus (terminal.focused), for "focus follows"; `nonce` makes a move visible. */
  terminalFocus: { agentId: string | null; nonce: number } | null;
  spawnAgent(input: CommandInput<'agent.spawn'>): Promise<boolean>;
  createTeam(input: CommandInput<'team.create'>): Promise<boolean>;
  closeAgent(agent: string): Promise<boolean>;
  /** Moves agents into a team at a place among its agents, in order. */
  moveAgents(agentIds: string[], teamId: string | null, position: number): Promise<Outcome>;
  renameTeam(teamId: string, name: string): Promise<Outcome>;
  /** Approves or denies queue items together (all or none), each with an optional choice (the CLI's label) and comment. */
  decide(decisions: CommandInput<'approval.decide'>['decisions']): Promise<Outcome>;
  /** Brings the agent's terminal pane to the front. */
  focusPane(agentId: string): Promise<Outcome>;
  /** A first task held for want of Switchboard's tools: type it anyway, or wait for the tools again. */
  decideTask(agentId: string, decision: 'type' | 'wait'): Promise<Outcome>;
  /** A turn cut off when its pane ended, resumed: types the fixed continuation prompt (agent.continueTurn). */
  continueTurn(agentId: string): Promise<Outcome>;
  /** Focuses a notice's pane through the host (attention.goTo); the agent is selected on attention.focused. */
  goTo(notice: Pick<Notice, 'attentionId' | 'agentId'>): Promise<Outcome>;
  setDoNotDisturb(enabled: boolean): Promise<Outcome>;
  /** Mutes (or unmutes) one team's notifications. */
  muteTeam(teamId: string, muted: boolean): Promise<Outcome>;
  notify(notice: Omit<Notice, 'id'>): void;
  /** Hides a toast; with `everywhere`, also dismisses its notification in the host. */
  dismissNotice(id: string, everywhere?: boolean): void;
  dismissError(): void;
}

const MAX_NOTICES = 5;

/** Decided items loaded into the queue's history on connect. */
const HISTORY_LIMIT = 100;
const INBOX_REFRESH_MS = 150;

export interface FleetStoreOptions {
  /** Asked each time the link fails (the browser's WebSocket): is the page's token still the host's? */
  checkToken?: () => Promise<TokenVerdict>;
}

/**
 * The UI's one store, created with an injected client (WebSocket, Electron IPC or in-memory). It loads
 * a snapshot whenever the link opens, then applies events; a sequence gap triggers a fresh snapshot.
 */
export function createFleetStore(client: Client, options: FleetStoreOptions = {}) {
  let localNotices = 0;
  let focusNonce = 0;
  const store = createStore<FleetStoreState>()((set, get) => {
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
    const addNotice = (notice: Notice) =>
      set((state) => ({ notices: [...state.notices, notice].slice(-MAX_NOTICES) }));
    return {
      client,
      fleet: emptyFleet,
      connection: 'connecting',
      disconnectedSince: null,
      tokenRefused: false,
      loaded: false,
      lastError: null,
      notices: [],
      attention: null,
      focused: null,
      terminalFocus: null,
      spawnAgent: (input) => run(() => client.call('agent.spawn', input)),
      createTeam: (input) => run(() => client.call('team.create', input)),
      closeAgent: (agent) => run(() => client.call('agent.close', { agent })),
      moveAgents: (agentIds, teamId, position) =>
        attempt(async () => {
          for (const [index, agent] of agentIds.entries())
            await client.call('agent.move', { agent, team: teamId, position: position + index });
        }),
      renameTeam: (teamId, name) => attempt(() => client.call('team.rename', { team: teamId, name })),
      decide: (decisions) => attempt(() => client.call('approval.decide', { decisions })),
      focusPane: (agentId) => attempt(() => client.call('pane.focus', { target: agentId })),
      decideTask: (agentId, decision) =>
        attempt(() => client.call('agent.decideTask', { agent: agentId, decision })),
      continueTurn: (agentId) => attempt(() => client.call('agent.continueTurn', { agent: agentId })),
      goTo: (notice) =>
        attempt(() =>
          client.call(
            'attention.goTo',
            notice.attentionId ? { id: notice.attentionId } : { agent: notice.agentId ?? '' },
          ),
        ),
      setDoNotDisturb: (enabled) => attempt(() => client.call('attention.setDoNotDisturb', { enabled })),
      muteTeam: (teamId, muted) => attempt(() => client.call('attention.muteTeam', { team: teamId, muted })),
      notify: (notice) => addNotice({ ...notice, id: `local-${++localNotices}` }),
      dismissNotice: (id, everywhere = false) => {
        const attentionId = get().notices.find((n) => n.id === id)?.attentionId;
        set((state) => ({ notices: state.notices.filter((n) => n.id !== id) }));
        // Swallowed on purpose: the notice is gone here; the item stays in the attention list if the host refused.
        if (everywhere && attentionId)
          client.call('attention.dismiss', { ids: [attentionId] }).catch(() => undefined);
      },
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
      const lists = {
        approvals: [...history.approvals, ...pending.approvals],
        locks: locks.locks,
        inboxes: inboxes.inboxes,
      };
      // A user-timing mark for "the data arrived" (bench/ui-render.ts measures the first render after it).
      markFleetLoaded();
      store.setState((state) => ({
        fleet: (sinceRefresh ?? []).reduce(applyEvent, fromSnapshot(snapshot, lists, state.fleet)),
        loaded: true,
      }));
      // Swallowed on purpose: attention settings keep their defaults until the next refresh.
      client.call('attention.list', { limit: 1 }).then(
        ({ settings }) => store.setState({ attention: settings }),
        () => undefined,
      );
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
        // Swallowed on purpose: inbox counts refresh again with the next message event.
        () => undefined,
      );
    }, INBOX_REFRESH_MS);
  };

  client.onEvent((event) => {
    // A sweep may have dropped the human's oldest unread messages (retention's humanInbox).
    if (event.type.startsWith('message.') || event.type === 'retention.swept') refreshInboxes();
    const { fleet } = store.getState();
    sinceRefresh?.push(event);
    if (hasGap(fleet, event) && !sinceRefresh) void refresh();
    const fresh = event.sequence > fleet.sequence;
    store.setState((state) => ({
      fleet: applyEvent(fleet, event),
      notices: fresh ? noticesAfter(state.notices, fleet, event, MAX_NOTICES) : state.notices,
      ...(event.type === 'attention.settings_changed' ? { attention: event.settings } : {}),
      ...(fresh && event.type === 'attention.focused'
        ? { focused: { agentId: event.location.agentId, nonce: ++focusNonce } }
        : {}),
      ...(fresh && event.type === 'terminal.focused'
        ? { terminalFocus: { agentId: event.focus.agentId, nonce: ++focusNonce } }
        : {}),
      // A click on Switchboard's status-bar component in the agent's pane opens the agent here.
      ...(fresh && event.type === 'terminal.status_clicked'
        ? { focused: { agentId: event.agentId, nonce: ++focusNonce } }
        : {}),
    }));
  });
  client.onStatus((connection) => {
    if (connection === 'open') store.setState({ connection, disconnectedSince: null, tokenRefused: false });
    else if (connection === 'connecting') store.setState({ connection });
    else {
      store.setState((state) => ({
        connection,
        disconnectedSince: state.disconnectedSince ?? new Date().toISOString(),
      }));
      void options.checkToken?.().then((verdict) => {
        if (store.getState().connection !== 'open') store.setState({ tokenRefused: verdict === 'refused' });
      });
    }
    if (connection === 'open') void refresh();
  });
  // A burst of events (thousands of notifications) renders once a frame, not once an event.
  notifyPerFrame(store);
  void refresh();
  return store;
}

export type FleetStore = ReturnType<typeof createFleetStore>;
