import type { Agent } from '../model/agent';
import type { Approval } from '../model/approval';
import type { HealthState, HealthTransition } from '../model/health';
import type { Lock } from '../model/lock';
import type { Message } from '../model/message';
import type { AgentRecoveryStatus, RecoveryLogEntry } from '../model/recovery';

/**
 * What one agent may know about another: its public facts (id, name, kind, team, role, state, pane,
 * place), never its command line, working directory or worktree. Still a valid `Agent`.
 */
export function publicAgent(agent: Agent): Agent {
  return { ...agent, command: null, cwd: null, worktree: null };
}

/** An agent's own record whole, anyone else's public facts. */
export function agentFor(viewerId: string, agent: Agent): Agent {
  return agent.id === viewerId ? agent : publicAgent(agent);
}

/** Does this approval item concern the agent: it asked, or it holds the lock being asked for? */
export function approvalConcerns(approval: Approval, agentId: string): boolean {
  return approval.requester === agentId || approval.payload.lockHolder === agentId;
}

/**
 * What a viewing agent's role lets it see beyond what concerns it. A method, asked when an item is filtered, not a
 * flag taken when a subscription starts: the person may change the agent's role (or the role) at any time.
 */
export interface ViewerRights {
  /** Its role grants `approval.decide`: it may decide other agents' items (never a permission prompt). */
  decidesApprovals(): boolean;
}

/** A viewer whose rights were not looked up: it is shown what concerns it, nothing more. */
export const NO_RIGHTS: ViewerRights = { decidesApprovals: () => false };

/**
 * Is this item of the kind an agent with `approval.decide` may decide — another agent's (or the person's) item that is
 * not a `permission` prompt — whatever its state? (Core's decision check adds: still pending, a choice it offers.)
 */
export function agentMayDecide(approval: Approval, agentId: string): boolean {
  return approval.kind !== 'permission' && approval.requester !== agentId;
}

/**
 * Is the item shown to this agent: it concerns it, or it is one its role lets it decide (a decider sees what it may
 * decide, pending or decided, so it neither decides blind nor decides again what another already did).
 */
export function approvalShown(approval: Approval, agentId: string, rights: ViewerRights): boolean {
  return (
    approvalConcerns(approval, agentId) || (agentMayDecide(approval, agentId) && rights.decidesApprovals())
  );
}

/** Another agent's item as a bystander sees it: that it exists and its state, not what it asks or why it ended. */
export function withheldApproval(approval: Approval): Approval {
  const { withdrawnReason: _reason, ...shown } = approval;
  return {
    ...shown,
    summary: "(another agent's item)",
    payload: {},
    decision: approval.decision === null ? null : { ...approval.decision, comment: null },
  };
}

/** The item whole if it is shown to the agent (`approvalShown`), else withheld. */
export function approvalFor(
  viewerId: string,
  approval: Approval,
  rights: ViewerRights = NO_RIGHTS,
): Approval {
  return approvalShown(approval, viewerId, rights) ? approval : withheldApproval(approval);
}

/** Another agent's lease: what is held, by whom and until when; its reason is the holder's. */
export function lockFor(viewerId: string, lock: Lock): Lock {
  return lock.owner === viewerId ? lock : { ...lock, reason: null };
}

/** Another agent's state without the evidence behind it (screen details, hook messages). */
export function healthFor(viewerId: string, health: HealthState): HealthState {
  return health.agentId === viewerId ? health : { ...health, signals: [] };
}

export function transitionFor(visible: boolean, transition: HealthTransition): HealthTransition {
  return visible ? transition : { ...transition, signals: [] };
}

export function recoveryStatusFor(viewerId: string, status: AgentRecoveryStatus): AgentRecoveryStatus {
  if (status.agentId === viewerId || status.lastStep === null) return status;
  return { ...status, lastStep: { ...status.lastStep, detail: '' } };
}

export function recoveryEntryFor(viewerId: string, entry: RecoveryLogEntry): RecoveryLogEntry {
  return entry.agentId === viewerId ? entry : { ...entry, reason: '', detail: '' };
}

/** A message is its sender's and its recipient's only. */
export function messageConcerns(
  message: Pick<Message, 'senderId' | 'recipientId'>,
  agentId: string,
): boolean {
  return message.senderId === agentId || message.recipientId === agentId;
}
