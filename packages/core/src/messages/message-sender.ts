import { HUMAN_INBOX, SendMessageInput, SwitchboardError, humanCaller } from '@switchboard/protocol';
import type { Caller, CommandOutput, ParsedInput } from '@switchboard/protocol';
import { callAuditRecord } from '../audit/audited-handlers';
import { timeOrderedUuid } from '../ports/time-ordered-id';
import { redactSecrets } from '../secrets/redact';
import { resolveAddresses, resolveCascade, type Directory, type Recipient } from './addressing';
import { contentHash } from './content-hash';
import { HANDOFF_WITHDRAWN } from './handoff-decider';
import type { HandoffOutcome, Handoffs } from './handoffs';
import type { MessageExpiry } from './message-expiry';
import { PRIORITIES } from './message-repository';
import type { MessagingContext } from './messaging-context';
import type { PaneDelivery } from './pane-delivery';

type SendOutput = CommandOutput<'message.send'>;

/** What a committed send announces afterwards. */
interface Committed {
  senderId: string;
  correlationId: string | null;
  sent: { messageId: string; recipientIds: string[]; held: boolean }[];
  expiresMs: number | null;
  paneRecipients: Set<string>;
  answerWaiting: () => void;
}

interface Part {
  body: string;
  recipients: Recipient[];
}

export interface SenderParts {
  handoffs: Handoffs;
  pane: PaneDelivery;
  expiry: MessageExpiry;
}

/**
 * The sending side: addressing (groups, cascades, replies), role permission, de-duplication, one
 * committed copy per recipient, and what follows the commit (events, wake-ups, handoff decisions,
 * pane typing). Also moves an agent's live copies to its replacement.
 */
export class MessageSender {
  constructor(
    private readonly context: MessagingContext,
    private readonly parts: SenderParts,
  ) {}

  /**
   * One transaction: the copies, the call's audit entry (`audited`: a call through the dispatcher) and
   * the delivery to receives already waiting; events and answers follow the commit.
   */
  send(caller: Caller, input: ParsedInput<'message.send'>, audited = false): SendOutput {
    const { value, afterCommit } = this.write(caller, input, audited);
    afterCommit();
    return value;
  }

  /**
   * The send's checks and its transaction, with what must follow the commit left to the caller: run at
   * once by `send`, or after the COMMIT of a group of sends that arrived together (TransactionBatch).
   * When the transaction is part of a group it is a savepoint: a failure undoes only this send.
   */
  write(
    caller: Caller,
    input: ParsedInput<'message.send'>,
    audited: boolean,
  ): { value: SendOutput; afterCommit: () => void } {
    const { deps, repository, options } = this.context;
    const senderId = this.senderOf(caller);
    const directory = this.directory();
    const sender = senderId === HUMAN_INBOX ? undefined : directory.agents.find((a) => a.id === senderId);
    // An agent replies only to a message it sent or was sent: another's would name its sender and join its thread.
    const original =
      input.replyTo === undefined
        ? undefined
        : caller.kind === 'agent'
          ? repository.findMessageOf(input.replyTo, caller.id)
          : repository.findMessage(input.replyTo);
    if (input.replyTo !== undefined && !original)
      throw new SwitchboardError('not_found', `No message "${input.replyTo}" to reply to`, {
        hint: 'It may have been removed by retention (docs/retention.md): send to its sender by name instead.',
      });
    const correlationId = input.correlationId ?? (original ? (original.correlation_id ?? original.id) : null);
    const output: SendOutput = {
      messageIds: [],
      deliveries: [],
      deduplicated: [],
      notPermitted: [],
      handoffApprovals: [],
    };
    const parts = this.permitted(
      caller,
      this.partsOf(input, directory, senderId, original?.sender_id),
      output.notPermitted,
    );
    const now = deps.clock.now();
    const expiresMs = input.ttlSeconds === undefined ? null : now + input.ttlSeconds * 1000;
    const held = input.kind === 'handoff';
    if (held && parts.length > 0) this.parts.handoffs.assertRoomFor(senderId);
    const sent: Committed['sent'] = [];
    const paneRecipients = new Set<string>();
    const traceparent = deps.tracer?.traceparent() ?? null;

    const answerWaiting = deps.store.transaction(() => {
      for (const part of parts) {
        // Secrets never reach the store, an inbox or a pane (design §6).
        const body = redactSecrets(part.body);
        const hash = contentHash({
          senderId,
          kind: input.kind,
          body,
          correlationId,
          replyTo: input.replyTo ?? null,
        });
        const recipients = part.recipients.filter((recipient) => {
          if (!input.dedupe) return true;
          const duplicateOf = repository.findDuplicate(recipient.id, hash, now - options.dedupeWindowMs);
          if (duplicateOf !== undefined) output.deduplicated.push({ recipientId: recipient.id, duplicateOf });
          return duplicateOf === undefined;
        });
        if (recipients.length === 0) continue;
        const messageId = `msg-${timeOrderedUuid()}`;
        const waits =
          held &&
          options.handoffPolicy({
            messageId,
            senderId,
            recipientIds: recipients.map((r) => r.id),
            createdAt: new Date(now).toISOString(),
            expiresAt: expiresMs === null ? null : new Date(expiresMs).toISOString(),
          }) === 'ask';
        repository.insertMessage({
          id: messageId,
          kind: input.kind,
          sender_id: senderId,
          sender_team_id: sender?.teamId ?? null,
          body,
          correlation_id: correlationId,
          reply_to: input.replyTo ?? null,
          priority: PRIORITIES.indexOf(input.priority),
          content_hash: hash,
          created_ms: now,
          expires_ms: expiresMs,
          traceparent,
        });
        for (const recipient of recipients) {
          const typeIt =
            input.typeIntoPane !== 'never' &&
            recipient.agent !== null &&
            this.parts.pane.typesFor(recipient.agent);
          const state = waits ? 'held' : 'queued';
          const cursor = repository.insertDelivery({
            message_id: messageId,
            recipient_id: recipient.id,
            recipient_team_id: recipient.teamId,
            sender_id: senderId,
            sender_team_id: sender?.teamId ?? null,
            kind: input.kind,
            priority: PRIORITIES.indexOf(input.priority),
            content_hash: hash,
            state,
            created_ms: now,
            expires_ms: expiresMs,
            pane_state: typeIt ? 'pending' : 'none',
          });
          output.deliveries.push({ messageId, recipientId: recipient.id, cursor, state });
          if (typeIt && !waits) paneRecipients.add(recipient.id);
        }
        output.messageIds.push(messageId);
        sent.push({ messageId, recipientIds: recipients.map((r) => r.id), held: waits });
      }
      // After the copies, in their transaction (the usage rows are kept by triggers): the throw rolls them back.
      if (caller.kind === 'agent') this.assertInboxRoom(output.deliveries);
      if (audited) deps.audit?.append(callAuditRecord('message.send', caller, input, output));
      return this.context.waiters.claim(
        output.deliveries.filter((d) => d.state === 'queued').map((d) => d.recipientId),
      );
    });
    return {
      value: output,
      afterCommit: () =>
        this.announce(input, output, {
          senderId,
          correlationId,
          sent,
          expiresMs,
          paneRecipients,
          answerWaiting,
        }),
    };
  }

  /**
   * Throws `rate_limited` if an agent recipient of these copies now holds more than its inbox quota. The human's
   * inbox has none: the person acknowledges at a person's pace (the UI's Inbox), so a quota there would, once
   * full, silence every agent towards the person.
   */
  private assertInboxRoom(deliveries: SendOutput['deliveries']): void {
    const { maxMessages, maxBytes } = this.context.options.inboxQuota;
    for (const recipientId of new Set(deliveries.map((d) => d.recipientId))) {
      if (recipientId === HUMAN_INBOX) continue;
      const { open, bytes } = this.context.repository.inboxUsage(recipientId);
      if (open <= maxMessages && bytes <= maxBytes) continue;
      throw new SwitchboardError(
        'rate_limited',
        `The inbox of ${recipientId} is full: ${maxMessages} messages or ${maxBytes} bytes not yet acknowledged (messaging.inboxQuota); nothing was sent`,
        {
          hint: 'Wait until it reads and acknowledges its messages (message.ack), or ask the human to look at it.',
          details: { quota: 'messaging.inboxQuota', recipientId, open, bytes, maxMessages, maxBytes },
        },
      );
    }
  }

  /** After the send's commit: its events, handoff decisions, the receives it answered, expiry and pane typing. */
  private announce(
    input: ParsedInput<'message.send'>,
    output: SendOutput,
    { senderId, correlationId, sent, expiresMs, paneRecipients, answerWaiting }: Committed,
  ): void {
    const { deps, repository } = this.context;
    for (const message of sent) {
      deps.bus.emit({
        type: 'message.sent',
        messageId: message.messageId,
        kind: input.kind,
        priority: input.priority,
        senderId,
        recipientIds: message.recipientIds,
        correlationId,
        held: message.held,
      });
      if (message.held) {
        deps.bus.emit({
          type: 'message.handoff_requested',
          messageId: message.messageId,
          senderId,
          recipientIds: message.recipientIds,
        });
        this.parts.handoffs.askForDecision(message.messageId);
        this.refreshStates(output, message.messageId);
        const approvalId = repository.findMessage(message.messageId)?.decision_ref;
        if (approvalId) output.handoffApprovals.push({ messageId: message.messageId, approvalId });
      }
    }
    answerWaiting();
    if (expiresMs !== null && output.deliveries.length) this.parts.expiry.schedule();
    for (const recipientId of paneRecipients) this.parts.pane.kick(recipientId);
  }

  /**
   * Hands an agent's un-acknowledged copies (queued or received, not held, not expired) to another
   * agent, as when a replacement takes over: the old copies end as expired, the new ones are queued
   * (and typed into the new pane where the new agent reads its terminal). Returns how many moved.
   */
  redeliver(fromAgentId: string, toAgentId: string): number {
    const { deps, repository } = this.context;
    const to = deps.fleet.requireAgent(toAgentId);
    const now = deps.clock.now();
    const live = repository.pending({ recipientId: fromAgentId, nowMs: now, limit: 10_000 });
    const typeIt = this.parts.pane.typesFor(to);
    deps.store.transaction(() => {
      for (const row of live) {
        repository.insertDelivery({
          message_id: row.message_id,
          recipient_id: to.id,
          recipient_team_id: to.teamId,
          sender_id: row.sender_id,
          sender_team_id: row.sender_team_id,
          kind: row.kind,
          priority: row.priority,
          content_hash: row.content_hash,
          state: 'queued',
          created_ms: row.created_ms,
          expires_ms: row.expires_ms,
          pane_state: typeIt ? 'pending' : 'none',
        });
      }
      repository.setState(
        live.map((row) => row.cursor),
        'expired',
        now,
      );
    });
    for (const row of live)
      deps.bus.emit({ type: 'message.expired', messageId: row.message_id, recipientId: fromAgentId });
    if (live.length) this.context.waiters.wake([to.id]);
    if (live.length && typeIt) this.parts.pane.kick(to.id);
    return live.length;
  }

  /** Tells an agent that sent a handoff how it was decided: a reply to the handoff, from the human's side. */
  tellHandoffSender(outcome: HandoffOutcome): void {
    const { deps } = this.context;
    if (outcome.senderId === HUMAN_INBOX || !deps.fleet.repository.findAgent(outcome.senderId)) return;
    // From their records: a recipient closed since (why a handoff was withdrawn) keeps its name.
    const names = outcome.recipientIds.map((id) => deps.fleet.repository.nameOf(id)).join(', ');
    const { approved, decidedBy, reason } = outcome.decision;
    const how = approved
      ? `approved and delivered by ${decidedBy}`
      : decidedBy === HANDOFF_WITHDRAWN
        ? 'withdrawn (not delivered)'
        : `denied (not delivered) by ${decidedBy}`;
    const body = `Your handoff ${outcome.messageId} to ${names} was ${how}${reason ? `: ${reason}` : '.'}`;
    this.send(
      humanCaller,
      SendMessageInput.parse({
        kind: 'reply',
        to: { agent: outcome.senderId },
        replyTo: outcome.messageId,
        body,
        dedupe: false,
      }),
    );
  }

  /** Named recipients the sender may not message make the send fail; group members it may not message are left out. */
  private permitted(caller: Caller, parts: Part[], left: string[]): Part[] {
    const roles = this.context.deps.roles;
    if (!roles || caller.kind === 'human') return parts;
    for (const part of parts)
      for (const r of part.recipients) if (r.explicit && r.agent) roles.assertMayMessage(caller, r.id);
    return parts.map((part) => ({
      body: part.body,
      recipients: part.recipients.filter((r) => {
        const ok = r.agent === null || r.explicit || roles.mayMessage(caller, r.id);
        if (!ok && !left.includes(r.id)) left.push(r.id);
        return ok;
      }),
    }));
  }

  /** A policy may decide a handoff while it is being sent: report the state it ended in. */
  private refreshStates(output: SendOutput, messageId: string): void {
    const { repository } = this.context;
    if (repository.heldCopies(messageId).length > 0) return;
    for (const delivery of output.deliveries) {
      if (delivery.messageId !== messageId) continue;
      const row = repository.envelope(delivery.cursor);
      if (row) delivery.state = row.state;
    }
  }

  private partsOf(
    input: ParsedInput<'message.send'>,
    directory: Directory,
    senderId: string,
    replyToSender: string | undefined,
  ): Part[] {
    if (input.cascade !== undefined) {
      const byBody = new Map<string, Recipient[]>();
      for (const { recipient, body } of resolveCascade(directory, input.cascade, senderId).values()) {
        byBody.set(body, [...(byBody.get(body) ?? []), recipient]);
      }
      return [...byBody].map(([body, recipients]) => ({ body, recipients }));
    }
    const body = input.body!;
    if (input.to === undefined) {
      if (replyToSender === HUMAN_INBOX)
        return [{ body, recipients: resolveAddresses(directory, [{ human: true }], senderId) }];
      const agent = directory.agents.find((a) => a.id === replyToSender);
      if (!agent)
        throw new SwitchboardError('not_found', 'The sender of the message you reply to is gone', {
          hint: 'Address the reply with `to`.',
        });
      return [{ body, recipients: resolveAddresses(directory, [{ agent: agent.id }], senderId) }];
    }
    const addresses = Array.isArray(input.to) ? input.to : [input.to];
    return [{ body, recipients: resolveAddresses(directory, addresses, senderId) }];
  }

  private senderOf(caller: Caller): string {
    if (caller.kind === 'human') return HUMAN_INBOX;
    if (!this.context.deps.fleet.repository.findAgent(caller.id))
      throw new SwitchboardError('forbidden', 'Only an open agent may send messages');
    return caller.id;
  }

  /** The fleet from memory (kept current by the repository's writes), not two table scans per send. */
  private directory(): Directory {
    const { fleet, focusedAgentId } = this.context.deps;
    return { ...fleet.repository.snapshot(), focusedAgentId: focusedAgentId?.() ?? null };
  }
}
