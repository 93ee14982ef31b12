import type { Caller } from '@switchboard/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { PaneInputGate } from '../panes/input-gate/pane-input-gate';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import type { Tracer } from '../ports/tracer';
import type { HandoffDecider, HandoffPolicy } from './handoff-decider';
import type { InboxWaiters } from './inbox-waiters';
import type { MessageRepository } from './message-repository';
import type { PaneTyperOptions } from './pane-typer';

export interface MessagingOptions {
  /** Identical content from the same sender to the same recipient within this window is sent once. */
  dedupeWindowMs: number;
  /** Which handoffs wait for a human; default: all. */
  handoffPolicy: HandoffPolicy;
  pane: Partial<PaneTyperOptions>;
  /**
   * One recipient's inbox quota: the copies it has not acknowledged (held, queued, received) and their body
   * bytes. An agent's send that would pass either fails with `rate_limited` and sends nothing; the oldest stay.
   * The human's sends are not limited.
   */
  inboxQuota: { maxMessages: number; maxBytes: number };
}

export const defaultMessagingOptions: MessagingOptions = {
  dedupeWindowMs: 60_000,
  inboxQuota: { maxMessages: 10_000, maxBytes: 32 * 1024 * 1024 },
  handoffPolicy: () => 'ask',
  pane: {},
};

/** Who may message whom (the role catalog); absent: everyone may message everyone. */
export interface MessagePermissions {
  /** Throws `forbidden` (and audits it) unless the sender may message this agent. */
  assertMayMessage(sender: Caller, recipientAgentId: string): void;
  /** The same answer without side effects, for leaving recipients out of a group address. */
  mayMessage(sender: Caller, recipientAgentId: string): boolean;
}

export interface MessagingDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  backend: TerminalBackend;
  /** Typed deliveries write through the pane input gate, as the message. */
  gate: PaneInputGate;
  fleet: FleetService;
  roles?: MessagePermissions;
  /** Where message.send and message.ack write their call's audit entry, inside the change's transaction. */
  audit?: AuditLog;
  decider?: HandoffDecider;
  options?: Partial<MessagingOptions>;
  /** A message remembers the trace it was sent in; its typing into a pane continues that trace. */
  tracer?: Tracer;
  /** The agent whose pane has the terminal's keyboard focus, for the `focused` address; absent: none. */
  focusedAgentId?: () => string | null;
}

/** What every part of messaging shares: its dependencies, the rows, the options, parked long-polls. */
export interface MessagingContext {
  readonly deps: MessagingDeps;
  readonly repository: MessageRepository;
  readonly options: MessagingOptions;
  readonly waiters: InboxWaiters;
  /** True once `close()` ran: late callbacks (timers, typing) change nothing any more. */
  isClosed(): boolean;
}
