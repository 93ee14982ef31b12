import type { Caller, CallSignal, CommandOutput, ParsedInput } from '@switchboard/protocol';
import { PaneInputSettings } from './pane-input-settings';
import type { HandoffDecision } from './handoff-decider';
import { Handoffs } from './handoffs';
import { Inbox } from './inbox';
import { InboxWaiters } from './inbox-waiters';
import { MessageExpiry } from './message-expiry';
import { MessageHistory } from './message-history';
import { MessageRepository } from './message-repository';
import { MessageSender } from './message-sender';
import { defaultMessagingOptions, type MessagingContext, type MessagingDeps } from './messaging-context';
import { PaneDelivery } from './pane-delivery';
import { TransactionBatch } from '../store/transaction-batch';

export {
  defaultMessagingOptions,
  type MessagePermissions,
  type MessagingDeps,
  type MessagingOptions,
} from './messaging-context';

/**
 * Messages between agents (and the human): durable per-recipient inboxes in SQLite, long-poll receive,
 * acknowledgements, TTL expiry, de-duplication, cascades, held handoffs, typing into panes with a
 * confirmed submit, and the history the flow graph is drawn from. Every state change commits before
 * the call returns or the event goes out. This class composes the parts; each lives in its own file.
 */
export class MessagingService {
  readonly repository: MessageRepository;
  private closed = false;
  private readonly context: MessagingContext;
  private readonly expiry: MessageExpiry;
  private readonly pane: PaneDelivery;
  private readonly handoffs: Handoffs;
  private readonly sender: MessageSender;
  private readonly inbox: Inbox;
  private readonly past: MessageHistory;
  private readonly settings: PaneInputSettings;
  /** Sends through the dispatcher that arrive together share one transaction (issue 21). */
  private readonly sends: TransactionBatch;

  constructor(deps: MessagingDeps) {
    const options = { ...defaultMessagingOptions, ...deps.options };
    this.repository = new MessageRepository(deps.store, {
      windowMs: options.dedupeWindowMs,
      now: () => deps.clock.now(),
    });
    const context: MessagingContext = (this.context = {
      deps,
      repository: this.repository,
      options,
      waiters: new InboxWaiters((work) => deps.store.transaction(work)),
      isClosed: () => this.closed,
    });
    this.settings = new PaneInputSettings(deps.store);
    this.expiry = new MessageExpiry(context);
    this.pane = new PaneDelivery(context, this.settings);
    this.handoffs = new Handoffs(context, this.pane, (outcome) => this.sender.tellHandoffSender(outcome));
    this.sender = new MessageSender(context, {
      handoffs: this.handoffs,
      pane: this.pane,
      expiry: this.expiry,
    });
    this.inbox = new Inbox(context, this.expiry, this.settings);
    this.past = new MessageHistory(context);
    this.sends = new TransactionBatch(deps.store);
  }

  /** Resumes after a (re)start: settles interrupted pane deliveries, expires what ran out, re-asks for held handoffs. */
  start(): void {
    this.expiry.expireDue();
    this.pane.start();
    this.handoffs.askForAllHeld();
  }

  close(): void {
    // Sends already queued are committed and answered while the store is still open.
    this.sends.flush();
    this.closed = true;
    this.expiry.close();
    this.pane.close();
    this.inbox.close();
  }

  /** `audited`: a call through the dispatcher, whose audit entry is written in the send's transaction. */
  send(caller: Caller, input: ParsedInput<'message.send'>, audited = false): CommandOutput<'message.send'> {
    return this.sender.send(caller, input, audited);
  }

  /**
   * `send` for a call (audited in its transaction), committed together with the other sends that arrive
   * in the same turn of the event loop: one COMMIT for the group; each caller gets its own answer or
   * error, and events and wake-ups follow the group's commit.
   */
  sendTogether(caller: Caller, input: ParsedInput<'message.send'>): Promise<CommandOutput<'message.send'>> {
    return this.sends.run(() => this.sender.write(caller, input, true));
  }

  receive(
    caller: Caller,
    input: ParsedInput<'message.receive'>,
    audited = false,
    signal?: CallSignal,
  ): Promise<CommandOutput<'message.receive'>> {
    return this.inbox.receive(caller, input, audited, signal);
  }

  /** Receives waiting on an agent's (or the human's) inbox now: for tests and benches of long-polls. */
  waitingReceives(inbox: string): number {
    return this.inbox.waiting(inbox);
  }

  peek(caller: Caller, input: ParsedInput<'message.peek'>): CommandOutput<'message.peek'> {
    return this.inbox.peek(caller, input);
  }

  ack(caller: Caller, input: ParsedInput<'message.ack'>, audited = false): CommandOutput<'message.ack'> {
    return this.inbox.ack(caller, input, audited);
  }

  status(caller: Caller, input: ParsedInput<'message.status'>): CommandOutput<'message.status'> {
    return this.inbox.status(caller, input);
  }

  /** A recipient's copies not yet acknowledged and their body bytes, with its inbox quota (messaging.inboxQuota). */
  inboxUsage(recipientId: string): {
    messages: number;
    maxMessages: number;
    bytes: number;
    maxBytes: number;
  } {
    const { open, bytes } = this.repository.inboxUsage(recipientId);
    const { maxMessages, maxBytes } = this.context.options.inboxQuota;
    return { messages: open, maxMessages, bytes, maxBytes };
  }

  history(input: ParsedInput<'message.history'>): CommandOutput<'message.history'> {
    return this.past.history(input);
  }

  flow(input: ParsedInput<'message.flow'>): Promise<CommandOutput<'message.flow'>> {
    return this.past.flow(input);
  }

  /** Applies the human's decision on a held handoff (`message.decide`); its approval item ends with it. */
  decide(messageId: string, decision: HandoffDecision): CommandOutput<'message.decide'> {
    return this.handoffs.decideDirectly(messageId, decision);
  }

  /** Moves an agent's un-acknowledged copies to its replacement; returns how many moved. */
  redeliver(fromAgentId: string, toAgentId: string): number {
    return this.sender.redeliver(fromAgentId, toAgentId);
  }

  /** A hook says the agent's pane just submitted its input (confirms a pending pane delivery). */
  signalSubmitted(agentRef: string): void {
    this.pane.signalSubmitted(agentRef);
  }

  /** The owner's setting for what may be typed into an agent's pane; copies still owed are tried again under it. */
  setPaneInput(input: ParsedInput<'message.setPaneInput'>): CommandOutput<'message.setPaneInput'> {
    const agent = this.context.deps.fleet.requireAgent(input.agent);
    this.settings.setMode(agent.id, input.mode);
    this.pane.kick(agent.id);
    return { agentId: agent.id, mode: input.mode };
  }

  /**
   * The agent called a command with its own token: it uses the endpoint and can read its inbox, so from
   * now on a pane gets one "messages wait" line instead of each text.
   */
  noteEndpointUse(agentId: string): void {
    if (
      this.closed ||
      this.settings.usesEndpoint(agentId) ||
      !this.context.deps.fleet.repository.findAgent(agentId)
    )
      return;
    this.settings.noteEndpointUse(agentId, this.context.deps.clock.now());
  }

  /** Drops every live copy whose TTL ran out, with an event each. */
  expireDue(): void {
    this.expiry.expireDue();
  }
}
