import type { Caller, CommandOutput, MessageFlowEdge, ParsedInput } from '@switchboard/protocol';
import type { HandoffDecider, HandoffDecision } from './handoff-decider';
import { Handoffs } from './handoffs';
import { Inbox } from './inbox';
import { InboxWaiters } from './inbox-waiters';
import { MessageExpiry } from './message-expiry';
import { MessageHistory } from './message-history';
import { MessageRepository } from './message-repository';
import { MessageSender } from './message-sender';
import { defaultMessagingOptions, type MessagingContext, type MessagingDeps } from './messaging-context';
import { PaneDelivery } from './pane-delivery';

export { defaultMessagingOptions, type MessagePermissions, type MessagingDeps, type MessagingOptions } from './messaging-context';

/**
 * Messages between agents (and the human): durable per-recipient inboxes in SQLite, long-poll receive,
 * acknowledgements, TTL expiry, de-duplication, cascades, held handoffs, typing into panes with a
 * confirmed submit, and the history the flow graph is drawn from. Every state change commits before
 * the call returns or the event goes out. This class composes the parts; each lives in its own file.
 */
export class MessagingService {
  readonly repository: MessageRepository;
  private closed = false;
  private readonly expiry: MessageExpiry;
  private readonly pane: PaneDelivery;
  private readonly handoffs: Handoffs;
  private readonly sender: MessageSender;
  private readonly inbox: Inbox;
  private readonly past: MessageHistory;

  constructor(deps: MessagingDeps) {
    this.repository = new MessageRepository(deps.store);
    const context: MessagingContext = {
      deps,
      repository: this.repository,
      options: { ...defaultMessagingOptions, ...deps.options },
      waiters: new InboxWaiters(),
      isClosed: () => this.closed,
    };
    this.expiry = new MessageExpiry(context);
    this.pane = new PaneDelivery(context);
    this.handoffs = new Handoffs(context, this.pane);
    this.sender = new MessageSender(context, { handoffs: this.handoffs, pane: this.pane, expiry: this.expiry });
    this.inbox = new Inbox(context, this.expiry);
    this.past = new MessageHistory(context);
  }

  /** Resumes after a (re)start: settles interrupted pane deliveries, expires what ran out, re-asks for held handoffs. */
  start(): void {
    this.pane.settleInterrupted();
    this.expiry.expireDue();
    this.handoffs.askForAllHeld();
  }

  /** Wires a decider after construction (the approvals queue); re-asks for every held handoff. */
  setHandoffDecider(decider: HandoffDecider): void {
    this.handoffs.setDecider(decider);
  }

  close(): void {
    this.closed = true;
    this.expiry.close();
    this.inbox.close();
  }

  send(caller: Caller, input: ParsedInput<'message.send'>): CommandOutput<'message.send'> {
    return this.sender.send(caller, input);
  }

  receive(caller: Caller, input: ParsedInput<'message.receive'>): Promise<CommandOutput<'message.receive'>> {
    return this.inbox.receive(caller, input);
  }

  peek(caller: Caller, input: ParsedInput<'message.peek'>): CommandOutput<'message.peek'> {
    return this.inbox.peek(caller, input);
  }

  ack(caller: Caller, input: ParsedInput<'message.ack'>): CommandOutput<'message.ack'> {
    return this.inbox.ack(caller, input);
  }

  status(caller: Caller, input: ParsedInput<'message.status'>): CommandOutput<'message.status'> {
    return this.inbox.status(caller, input);
  }

  history(input: ParsedInput<'message.history'>): CommandOutput<'message.history'> {
    return this.past.history(input);
  }

  flow(input: ParsedInput<'message.flow'>): { edges: MessageFlowEdge[]; since: string | null; until: string | null } {
    return this.past.flow(input);
  }

  /** Applies a human's (or a policy's) decision on a held handoff. */
  decide(messageId: string, decision: HandoffDecision): CommandOutput<'message.decide'> {
    return this.handoffs.decide(messageId, decision);
  }

  /** Moves an agent's un-acknowledged copies to its replacement; returns how many moved. */
  redeliver(fromAgentId: string, toAgentId: string): number {
    return this.sender.redeliver(fromAgentId, toAgentId);
  }

  /** A hook says the agent's pane just submitted its input (confirms a pending pane delivery). */
  signalSubmitted(agentRef: string): void {
    this.pane.signalSubmitted(agentRef);
  }

  /** Drops every live copy whose TTL ran out, with an event each. */
  expireDue(): void {
    this.expiry.expireDue();
  }
}
