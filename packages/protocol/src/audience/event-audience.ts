import type { EventOf, EventType, SwitchboardEvent } from '../events/index';
import type { Approval } from '../model/approval';
import { agentFor, agentMayDecide, lockFor, type ViewerRights } from './public-facts';

/**
 * Who may see an event. `human`: the human only. `everyone`: any caller (its payload holds only public
 * facts). `{ concerns }`: the human and the agents the event is about (ids from the event; null entries
 * are ignored); `shownTo`, when given, names further agents that see it whole by their role's rights (a decider,
 * the items it may decide); `others`, when given, is what every other agent sees instead of nothing.
 */
export type EventAudience<E> =
  | 'human'
  | 'everyone'
  | {
      readonly concerns: (event: E) => readonly (string | null | undefined)[];
      readonly shownTo?: (event: E, viewerId: string, rights: ViewerRights) => boolean;
      readonly others?: (event: E, viewerId: string) => E;
    };

type AudienceTable = { readonly [T in EventType]: EventAudience<EventOf<T>> };

const ofAgent = { concerns: (event: { agentId: string | null }) => [event.agentId] } as const;
const ofApproval = {
  concerns: (event: { approval: { requester: string; payload: { lockHolder?: string | undefined } } }) => [
    event.approval.requester,
    event.approval.payload.lockHolder,
  ],
  shownTo: (event: { approval: Approval }, viewerId: string, rights: ViewerRights) =>
    agentMayDecide(event.approval, viewerId) && rights.decidesApprovals(),
} as const;
const ofLock = {
  concerns: (event: { lock: { owner: string } }) => [event.lock.owner],
  others: <E extends { lock: EventOf<'lock.acquired'>['lock'] }>(event: E, viewer: string): E => ({
    ...event,
    lock: lockFor(viewer, event.lock),
  }),
} as const;
/** A plan's (or a barrier's, vote's, leader group's) events: the human and the participants the event names. */
const ofPlan = { concerns: (event: { participants: readonly string[] }) => event.participants } as const;
/** A manager's events: the human, its owner and its workers. */
const ofManager = {
  concerns: (event: { manager: { ownerId: string; workers: readonly { agentId: string }[] } }) => [
    event.manager.ownerId,
    ...event.manager.workers.map((w) => w.agentId),
  ],
} as const;
const ofRecipient = { concerns: (event: { recipientId: string }) => [event.recipientId] } as const;

/** Every event type's audience; a new event type does not compile until it has a row. */
export const eventAudience: AudienceTable = {
  'agent.spawned': {
    concerns: (e) => [e.agent.id],
    others: (e, viewer) => ({ ...e, agent: agentFor(viewer, e.agent) }),
  },
  'agent.updated': {
    concerns: (e) => [e.agent.id],
    others: (e, viewer) => ({ ...e, agent: agentFor(viewer, e.agent) }),
  },
  'agent.closed': 'everyone',
  'agent.task_changed': ofAgent,
  'team.created': 'everyone',
  'team.updated': 'everyone',
  'team.deleted': 'everyone',
  'layout.applied': 'everyone',
  'layout.saved': 'human',
  'layout.deleted': 'human',
  'health.state_changed': ofAgent,
  'backend.disconnected': 'everyone',
  'backend.reconnected': 'everyone',
  'pane.watch_added': { concerns: (e) => [e.watch.ownerId, e.watch.notifyAgentId] },
  'pane.watch_removed': 'human',
  'pane.matched': { concerns: (e) => [e.notifyAgentId, e.agentId] },
  'human.notified': { concerns: (e) => [e.notification.fromAgentId] },
  'pane.human_control': ofAgent,
  'pane.input_held': ofAgent,
  'approval.requested': ofApproval,
  'approval.decided': ofApproval,
  'approval.expired': ofApproval,
  'approval.withdrawn': ofApproval,
  'policy.added': 'everyone',
  'policy.updated': 'everyone',
  'policy.removed': 'everyone',
  'lock.acquired': ofLock,
  'lock.renewed': ofLock,
  'lock.released': ofLock,
  'lock.expired': ofLock,
  'role.updated': 'everyone',
  'role.removed': 'everyone',
  'message.sent': { concerns: (e) => [e.senderId, ...e.recipientIds] },
  'message.delivered': ofRecipient,
  'message.acked': ofRecipient,
  'message.expired': ofRecipient,
  'message.delivery_failed': ofRecipient,
  'message.pane_unconfirmed': ofRecipient,
  'message.handoff_requested': { concerns: (e) => [e.senderId, ...e.recipientIds] },
  'message.handoff_decided': 'human',
  'pane.screen': 'human',
  'recovery.step_started': ofAgent,
  'recovery.step_finished': ofAgent,
  'recovery.recovered': ofAgent,
  'recovery.breaker_opened': ofAgent,
  'recovery.breaker_closed': ofAgent,
  'recovery.paused': ofAgent,
  'recovery.policy_changed': 'human',
  'recovery.resumed': ofAgent,
  'agent.resumed': ofAgent,
  'agent.turn_continued': ofAgent,
  'retention.swept': 'human',
  'attention.raised': 'human',
  'attention.updated': 'human',
  'attention.closed': 'human',
  'attention.settings_changed': 'human',
  'attention.focused': 'human',
  'terminal.status_clicked': 'human',
  'prompt.answered': ofAgent,
  'template.saved': 'human',
  'template.deleted': 'human',
  'agent.task_submitted': ofAgent,
  'agent.task_failed': ofAgent,
  'agent.task_unconfirmed': ofAgent,
  'agent.task_held': ofAgent,
  'agent.task_released': ofAgent,
  'plan.created': ofPlan,
  'plan.state_changed': ofPlan,
  'plan.step_started': ofPlan,
  'plan.step_awaiting_approval': ofPlan,
  'plan.step_completed': ofPlan,
  'plan.step_failed': ofPlan,
  'plan.step_timed_out': ofPlan,
  'plan.step_retried': ofPlan,
  'plan.step_skipped': ofPlan,
  'plan.step_cancelled': ofPlan,
  'plan.step_reassigned': ofPlan,
  'plan.step_waiting': ofPlan,
  'manager.created': ofManager,
  'manager.updated': ofManager,
  'manager.deleted': { concerns: (e) => [e.ownerId, ...e.workerIds] },
  'barrier.created': ofPlan,
  'barrier.arrived': ofPlan,
  'barrier.closed': ofPlan,
  'vote.proposed': ofPlan,
  'vote.cast': ofPlan,
  'vote.closed': ofPlan,
  'leader.changed': ofPlan,
  'flow.created': { concerns: (e) => [e.flow.ownerId] },
  'flow.updated': { concerns: (e) => [e.flow.ownerId] },
  'flow.removed': { concerns: (e) => [e.ownerId] },
  'flow.fired': { concerns: (e) => [e.ownerId] },
  // A namespace's name can be a plan's or a team's id: the human's browser refreshes on these, agents re-read when they need to.
  'memory.written': 'human',
  'memory.deleted': 'human',
  // Which machines exist and how they are reached is the human's to know.
  'host.added': 'human',
  'host.removed': 'human',
  // Where the person is looking is theirs to know; an agent reaches the focused one only through message.send.
  'terminal.focused': 'human',
  // Panes no agent owns (what the person runs besides the fleet) are the human's, like pane.listUnmanaged.
  'terminal.unmanaged_changed': 'human',
  'broadcast.domains_changed': 'human',
};

/** The audience row of an event (typed loosely: callers hold a SwitchboardEvent, not a narrowed one). */
export function audienceOf(event: SwitchboardEvent): EventAudience<SwitchboardEvent> {
  return eventAudience[event.type] as EventAudience<SwitchboardEvent>;
}
