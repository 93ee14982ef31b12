import type { AuditActor } from '@switchboard/protocol';

/**
 * Who is writing into a pane, as the gate judges and audits it. The origin is the writer's true one:
 * a message typed into a pane is the message's (its id and its sender), a prompt answer is the
 * decision's (the approval id and who decided).
 */
export type WriteOrigin =
  /** The human, through the UI mirror or the API (`pane.send`/`pane.keys` with the human's token). */
  | { kind: 'human' }
  /** An agent's own `pane.send`/`pane.keys`. */
  | { kind: 'agent'; agentId: string }
  /** A typed message delivery; the sender's role and lease rights apply (`senderId` 'human' for the human's). */
  | { kind: 'message'; messageId: string; senderId: string }
  /** A decided approval item answering its permission prompt: the only writer a prompt lets through. */
  | { kind: 'decision'; approvalId: string; decidedBy: string }
  /** The recovery ladder (nudge text, Ctrl+C). */
  | { kind: 'recovery'; step: string }
  /** Switchboard's own short notices (e.g. "messages wait"), no sender behind them. */
  | { kind: 'system'; what: string };

/** The agent whose rights a write uses, if any (the human, decisions and Switchboard itself have none to check). */
export function actingAgent(origin: WriteOrigin): string | undefined {
  if (origin.kind === 'agent') return origin.agentId;
  if (origin.kind === 'message' && origin.senderId !== 'human') return origin.senderId;
  return undefined;
}

/** Automated writes pause while the human has control of a pane; the human's own and decisions do not. */
export function isAutomated(origin: WriteOrigin): boolean {
  return origin.kind !== 'human' && origin.kind !== 'decision';
}

/** One word for events and reasons. */
export function describeOrigin(origin: WriteOrigin): string {
  switch (origin.kind) {
    case 'human':
      return 'human';
    case 'agent':
      return `agent:${origin.agentId}`;
    case 'message':
      return `message:${origin.messageId}`;
    case 'decision':
      return `decision:${origin.approvalId}`;
    case 'recovery':
      return `recovery:${origin.step}`;
    case 'system':
      return `system:${origin.what}`;
  }
}

/** Who the audit names for a write. */
export function auditActorOf(origin: WriteOrigin): AuditActor {
  switch (origin.kind) {
    case 'human':
      return { kind: 'human', id: 'human' };
    case 'agent':
      return { kind: 'agent', id: origin.agentId };
    case 'message':
      return origin.senderId === 'human'
        ? { kind: 'human', id: 'human' }
        : { kind: 'agent', id: origin.senderId };
    case 'decision':
      if (origin.decidedBy === 'human') return { kind: 'human', id: 'human' };
      if (
        origin.decidedBy.startsWith('policy:') ||
        origin.decidedBy === 'expiry' ||
        origin.decidedBy === 'system'
      )
        return { kind: 'system', id: 'switchboard' };
      return { kind: 'agent', id: origin.decidedBy };
    case 'recovery':
    case 'system':
      return { kind: 'system', id: 'switchboard' };
  }
}
