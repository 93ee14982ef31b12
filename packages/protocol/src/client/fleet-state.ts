import type { SwitchboardEvent } from '../events/index';
import type { Agent, AgentTask } from '../model/agent';
import type { Approval } from '../model/approval';
import type { FleetSnapshot } from '../model/fleet';
import type { Lock } from '../model/lock';
import type { InboxStatus } from '../model/message';
import type { Team } from '../model/team';

/**
 * What a client knows of the fleet: a snapshot plus every event applied since. The one reducer over the
 * contract's fleet events, shared by the UI's store and the desktop menu bar.
 */
export interface FleetState {
  agents: Record<string, Agent>;
  /** Each agent's current task (plan step, its own status note, or last instruction), by agent id. */
  tasks: Record<string, AgentTask>;
  teams: Record<string, Team>;
  /** Approval items seen: pending, and decided ones from history or decided while watching. */
  approvals: Record<string, Approval>;
  /** Leases currently held. */
  locks: Record<string, Lock>;
  /** Inbox counters per recipient (agent id or "human"), as message.status last reported them. */
  inboxes: Record<string, InboxStatus>;
  /** How Switchboard carried out decided permission items (`prompt.answered`), by approval id, as seen while watching. */
  promptAnswers: Record<string, PromptAnswer>;
  /** Agents whose pane the human is typing into ("take control"): automated input waits until this time (ISO). */
  humanControl: Record<string, string>;
  /** The terminal host as events last reported it (assumed connected until told otherwise). */
  backend: BackendStatus;
  /**
   * The names of agents that left the fleet while this client watched (`agent.closed`, or absent from a fresh
   * snapshot), by id, the newest FORMER_NAMES_KEPT: a message, audit entry or memory entry of theirs is still
   * named (messages and most records carry only the id), and told apart from a new agent of the same name.
   */
  formerNames: Record<string, string>;
  /** Sequence of the last event reflected; -1 before the first snapshot. */
  sequence: number;
}

export interface BackendStatus {
  connected: boolean;
  /** Which backend (`iterm2`, `tmux`, …) and since when it is disconnected, when it is. */
  name?: string;
  since?: string;
  /** Remote hosts whose connection is down (docs/remote.md), with since when; their agents read `unreachable`. */
  hostsDown?: Record<string, string>;
}

/** The confirmed outcome of a decided permission item: keys pressed and the prompt gone, or the error. */
export interface PromptAnswer {
  confirmed: boolean;
  error: string | null;
  keys: string[];
}

export const emptyFleet: FleetState = {
  agents: {},
  tasks: {},
  teams: {},
  approvals: {},
  locks: {},
  inboxes: {},
  promptAnswers: {},
  humanControl: {},
  backend: { connected: true },
  formerNames: {},
  sequence: -1,
};

/** How many names of agents gone from the fleet a client keeps (the newest), so a churning fleet stays bounded. */
export const FORMER_NAMES_KEPT = 1000;

/** `names` with each of `agents` kept by id (newest last), the oldest let go beyond FORMER_NAMES_KEPT. */
function keepFormerNames(
  names: Record<string, string>,
  agents: readonly { id: string; name: string }[],
): Record<string, string> {
  if (agents.length === 0) return names;
  const kept = { ...names };
  for (const agent of agents) {
    delete kept[agent.id];
    kept[agent.id] = agent.name;
  }
  const ids = Object.keys(kept);
  for (const id of ids.slice(0, Math.max(0, ids.length - FORMER_NAMES_KEPT))) delete kept[id];
  return kept;
}

/** Lists the snapshot does not carry, loaded with it (approval.list, approval.history, lock.list, message.status). */
export interface SideLists {
  approvals?: Approval[];
  locks?: Lock[];
  inboxes?: InboxStatus[];
}

/** The state with fresh inbox counters (message.status carries no sequence; the newest answer wins). */
export function withInboxes(state: FleetState, inboxes: InboxStatus[]): FleetState {
  return { ...state, inboxes: Object.fromEntries(inboxes.map((inbox) => [inbox.recipientId, inbox])) };
}

/**
 * The state a snapshot describes. Approvals and locks come from their own lists, which carry no
 * sequence: merged with what events already told (a decided item never goes back to pending).
 */
export function fromSnapshot(
  snapshot: FleetSnapshot,
  lists: SideLists = {},
  previous: FleetState = emptyFleet,
): FleetState {
  let approvals = previous.approvals;
  for (const approval of lists.approvals ?? []) approvals = upsertApproval(approvals, approval);
  const agents: Record<string, Agent> = Object.fromEntries(snapshot.agents.map((a) => [a.id, a]));
  // Agents closed while this client was away (a reconnect's snapshot no longer lists them) keep their names too.
  const left = Object.values(previous.agents).filter((agent) => !agents[agent.id]);
  return {
    agents,
    tasks: Object.fromEntries((snapshot.tasks ?? []).map((t) => [t.agentId, t])),
    teams: Object.fromEntries(snapshot.teams.map((t) => [t.id, t])),
    approvals,
    locks: lists.locks ? Object.fromEntries(lists.locks.map((l) => [l.id, l])) : previous.locks,
    inboxes: lists.inboxes
      ? Object.fromEntries(lists.inboxes.map((i) => [i.recipientId, i]))
      : previous.inboxes,
    promptAnswers: previous.promptAnswers,
    humanControl: previous.humanControl,
    backend: previous.backend,
    // The host's names of agents closed before (a page opened after the close), then those this client saw leave.
    formerNames: keepFormerNames(
      keepFormerNames(
        previous.formerNames,
        (snapshot.formerNames ?? []).filter((former) => !agents[former.id]),
      ),
      left,
    ),
    sequence: snapshot.sequence,
  };
}

function upsertApproval(approvals: Record<string, Approval>, approval: Approval): Record<string, Approval> {
  const known = approvals[approval.id];
  if (known && known.status !== 'pending' && approval.status === 'pending') return approvals;
  return { ...approvals, [approval.id]: approval };
}

/** Pure reducer: the state after one event. Events already reflected (by sequence) change nothing. */
export function applyEvent(state: FleetState, event: SwitchboardEvent): FleetState {
  if (event.sequence <= state.sequence) return state;
  const next = { ...state, sequence: event.sequence };
  switch (event.type) {
    case 'agent.spawned':
    case 'agent.updated':
      return { ...next, agents: { ...state.agents, [event.agent.id]: event.agent } };
    case 'agent.closed': {
      const { [event.agentId]: closed, ...agents } = state.agents;
      const { [event.agentId]: _task, ...tasks } = state.tasks;
      const formerNames = closed ? keepFormerNames(state.formerNames, [closed]) : state.formerNames;
      return { ...next, agents, tasks, formerNames };
    }
    case 'agent.task_changed': {
      const { [event.agentId]: _before, ...tasks } = state.tasks;
      return { ...next, tasks: event.task ? { ...tasks, [event.agentId]: event.task } : tasks };
    }
    case 'team.created':
    case 'team.updated':
      return { ...next, teams: { ...state.teams, [event.team.id]: event.team } };
    case 'team.deleted': {
      const { [event.teamId]: _deleted, ...teams } = state.teams;
      return { ...next, teams };
    }
    case 'approval.requested':
    case 'approval.decided':
    case 'approval.expired':
    case 'approval.withdrawn':
      return { ...next, approvals: upsertApproval(state.approvals, event.approval) };
    case 'prompt.answered':
      return {
        ...next,
        promptAnswers: {
          ...state.promptAnswers,
          [event.approvalId]: { confirmed: event.confirmed, error: event.error ?? null, keys: event.keys },
        },
      };
    case 'pane.human_control': {
      if (event.agentId === null) return next;
      const { [event.agentId]: _ended, ...rest } = state.humanControl;
      return {
        ...next,
        humanControl: event.until === null ? rest : { ...rest, [event.agentId]: event.until },
      };
    }
    case 'lock.acquired':
    case 'lock.renewed':
      return { ...next, locks: { ...state.locks, [event.lock.id]: event.lock } };
    case 'lock.released':
    case 'lock.expired': {
      const { [event.lock.id]: _gone, ...locks } = state.locks;
      return { ...next, locks };
    }
    case 'backend.disconnected':
      if (event.host !== undefined)
        return {
          ...next,
          backend: { ...state.backend, hostsDown: { ...state.backend.hostsDown, [event.host]: event.at } },
        };
      return {
        ...next,
        backend: { ...hostsDownOf(state), connected: false, name: event.backend, since: event.at },
      };
    case 'backend.reconnected': {
      if (event.host === undefined)
        return { ...next, backend: { ...hostsDownOf(state), connected: true, name: event.backend } };
      const { [event.host]: _back, ...hostsDown } = state.backend.hostsDown ?? {};
      return { ...next, backend: { ...state.backend, hostsDown } };
    }
    default:
      return next;
  }
}

const hostsDownOf = (state: FleetState) =>
  state.backend.hostsDown ? { hostsDown: state.backend.hostsDown } : {};

/** True when `event` skips sequences after `state`: some events were missed and a snapshot is needed. */
export function hasGap(state: FleetState, event: SwitchboardEvent): boolean {
  return state.sequence >= 0 && event.sequence > state.sequence + 1;
}

/** The approval items still waiting for a decision, oldest first. */
export function pendingApprovals(state: FleetState): Approval[] {
  return Object.values(state.approvals)
    .filter((approval) => approval.status === 'pending')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
