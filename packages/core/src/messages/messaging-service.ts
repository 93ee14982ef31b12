import { randomUUID } from 'node:crypto';
import { HUMAN_INBOX, SwitchboardError } from '@switchboard/protocol';
import type {
  Agent, Caller, CommandOutput, InboxStatus, MessageFlowEdge, ParsedInput,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { PaneInputGate } from '../panes/input-gate/pane-input-gate';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { resolveAddresses, resolveCascade, teamAndDescendants, type Directory, type Recipient } from './addressing';
import { contentHash } from './content-hash';
import { manualHandoffDecider, type HandoffDecider, type HandoffDecision, type HandoffPolicy, type HandoffRequest } from './handoff-decider';
import { redactSecrets } from '../secrets/redact';
import { InboxWaiters } from './inbox-waiters';
import { messageFlow } from './message-flow';
import { MessageRepository, PRIORITIES, toMessage, type DeliveryRow, type EnvelopeRow } from './message-repository';
import { PaneTyper, paneLine, type PaneTyperOptions } from './pane-typer';

export interface MessagingOptions {
  /** Identical content from the same sender to the same recipient within this window is sent once. */
  dedupeWindowMs: number;
  /** Which handoffs wait for a human; default: all. */
  handoffPolicy: HandoffPolicy;
  /** Agent kinds that read their terminal: `typeIntoPane: "auto"` types into their panes. */
  paneReaders: readonly Agent['kind'][];
  pane: Partial<PaneTyperOptions>;
}

export const defaultMessagingOptions: MessagingOptions = {
  dedupeWindowMs: 60_000,
  handoffPolicy: () => 'ask',
  paneReaders: ['claude', 'codex', 'gemini'],
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
  decider?: HandoffDecider;
  options?: Partial<MessagingOptions>;
}

type SendOutput = CommandOutput<'message.send'>;
type ReceiveOutput = CommandOutput<'message.receive'>;

interface Part {
  body: string;
  recipients: Recipient[];
}

/**
 * Messages between agents (and the human): durable per-recipient inboxes in SQLite, long-poll receive,
 * acknowledgements, TTL expiry, de-duplication, cascades, held handoffs, typing into panes with a
 * confirmed submit, and the history the flow graph is drawn from. Every state change commits before
 * the call returns or the event goes out.
 */
export class MessagingService {
  readonly repository: MessageRepository;
  private readonly options: MessagingOptions;
  private readonly waiters = new InboxWaiters();
  private readonly typer: PaneTyper;
  private decider: HandoffDecider;
  private cancelExpiryTimer: (() => void) | undefined;
  private expiryAt: number | undefined;
  private readonly pendingReceives = new Set<() => void>();
  private closed = false;

  constructor(private readonly deps: MessagingDeps) {
    this.repository = new MessageRepository(deps.store);
    this.options = { ...defaultMessagingOptions, ...deps.options };
    this.typer = new PaneTyper(deps.backend, deps.gate, deps.clock, this.options.pane);
    this.decider = deps.decider ?? manualHandoffDecider;
  }

  /** Resumes after a (re)start: expires what ran out, re-asks for held handoffs, settles interrupted pane deliveries. */
  start(): void {
    const interrupted = this.repository.paneInFlight().filter((row) => row.state !== 'held');
    if (interrupted.length) {
      this.deps.store.transaction(() => {
        for (const row of interrupted) this.repository.setPane(row.cursor, 'failed', row.pane_attempts, 'interrupted by a host restart; not typed again to avoid a double submit');
      });
    }
    this.expireDue();
    const held = new Map<string, DeliveryRow[]>();
    for (const row of this.repository.heldCopies()) held.set(row.message_id, [...(held.get(row.message_id) ?? []), row]);
    for (const messageId of held.keys()) this.askForDecision(messageId);
  }

  /** Wires a decider after construction (the approvals queue); re-asks for every held handoff. */
  setHandoffDecider(decider: HandoffDecider): void {
    this.decider = decider;
    const ids = new Set(this.repository.heldCopies().map((row) => row.message_id));
    for (const id of ids) this.askForDecision(id);
  }

  close(): void {
    this.closed = true;
    this.cancelExpiryTimer?.();
    for (const finish of [...this.pendingReceives]) finish();
  }

  // ── send ────────────────────────────────────────────────────────────────────────────────────────

  send(caller: Caller, input: ParsedInput<'message.send'>): SendOutput {
    const senderId = this.senderOf(caller);
    const directory = this.directory();
    const sender = senderId === HUMAN_INBOX ? undefined : directory.agents.find((a) => a.id === senderId);
    const original = input.replyTo === undefined ? undefined : this.repository.findMessage(input.replyTo);
    if (input.replyTo !== undefined && !original) throw new SwitchboardError('not_found', `No message "${input.replyTo}" to reply to`);
    const correlationId = input.correlationId ?? (original ? (original.correlation_id ?? original.id) : null);
    const output: SendOutput = { messageIds: [], deliveries: [], deduplicated: [], notPermitted: [] };
    const parts = this.permitted(caller, this.partsOf(input, directory, senderId, original?.sender_id), output.notPermitted);
    const now = this.deps.clock.now();
    const expiresMs = input.ttlSeconds === undefined ? null : now + input.ttlSeconds * 1000;
    const held = input.kind === 'handoff';
    const sent: { messageId: string; recipientIds: string[]; held: boolean }[] = [];
    const paneCursors: number[] = [];

    this.deps.store.transaction(() => {
      for (const part of parts) {
        // Secrets never reach the store, an inbox or a pane (design §6).
        const body = redactSecrets(part.body);
        const hash = contentHash({ senderId, kind: input.kind, body, correlationId, replyTo: input.replyTo ?? null });
        const recipients = part.recipients.filter((recipient) => {
          if (!input.dedupe) return true;
          const duplicateOf = this.repository.findDuplicate(recipient.id, hash, now - this.options.dedupeWindowMs);
          if (duplicateOf !== undefined) output.deduplicated.push({ recipientId: recipient.id, duplicateOf });
          return duplicateOf === undefined;
        });
        if (recipients.length === 0) continue;
        const messageId = `msg-${randomUUID()}`;
        const waits = held && this.options.handoffPolicy({
          messageId, senderId, recipientIds: recipients.map((r) => r.id), createdAt: new Date(now).toISOString(),
          expiresAt: expiresMs === null ? null : new Date(expiresMs).toISOString(),
        }) === 'ask';
        this.repository.insertMessage({
          id: messageId, kind: input.kind, sender_id: senderId, sender_team_id: sender?.teamId ?? null, body,
          correlation_id: correlationId, reply_to: input.replyTo ?? null, priority: PRIORITIES.indexOf(input.priority),
          content_hash: hash, created_ms: now, expires_ms: expiresMs,
        });
        for (const recipient of recipients) {
          const typeIt = this.typesIntoPane(input.typeIntoPane, recipient);
          const state = waits ? 'held' : 'queued';
          const cursor = this.repository.insertDelivery({
            message_id: messageId, recipient_id: recipient.id, recipient_team_id: recipient.teamId, sender_id: senderId,
            sender_team_id: sender?.teamId ?? null, kind: input.kind, priority: PRIORITIES.indexOf(input.priority), content_hash: hash,
            state, created_ms: now, expires_ms: expiresMs, pane_state: typeIt ? 'pending' : 'none',
          });
          output.deliveries.push({ messageId, recipientId: recipient.id, cursor, state });
          if (typeIt && !waits) paneCursors.push(cursor);
        }
        output.messageIds.push(messageId);
        sent.push({ messageId, recipientIds: recipients.map((r) => r.id), held: waits });
      }
    });

    for (const message of sent) {
      this.deps.bus.emit({
        type: 'message.sent', messageId: message.messageId, kind: input.kind, priority: input.priority, senderId,
        recipientIds: message.recipientIds, correlationId, held: message.held,
      });
      if (message.held) {
        this.deps.bus.emit({ type: 'message.handoff_requested', messageId: message.messageId, senderId, recipientIds: message.recipientIds });
        this.askForDecision(message.messageId);
        this.refreshStates(output, message.messageId);
      }
    }
    this.waiters.wake(output.deliveries.filter((d) => d.state === 'queued').map((d) => d.recipientId));
    if (expiresMs !== null && output.deliveries.length) this.scheduleExpiry();
    for (const cursor of paneCursors) this.typeIntoPane(cursor);
    return output;
  }

  /** Named recipients the sender may not message make the send fail; group members it may not message are left out. */
  private permitted(caller: Caller, parts: Part[], left: string[]): Part[] {
    const roles = this.deps.roles;
    if (!roles || caller.kind === 'human') return parts;
    for (const part of parts) for (const r of part.recipients) if (r.explicit && r.agent) roles.assertMayMessage(caller, r.id);
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
    if (this.repository.heldCopies(messageId).length > 0) return;
    for (const delivery of output.deliveries) {
      if (delivery.messageId !== messageId) continue;
      const row = this.repository.envelope(delivery.cursor);
      if (row) delivery.state = row.state;
    }
  }

  private partsOf(input: ParsedInput<'message.send'>, directory: Directory, senderId: string, replyToSender: string | undefined): Part[] {
    if (input.cascade !== undefined) {
      const byBody = new Map<string, Recipient[]>();
      for (const { recipient, body } of resolveCascade(directory, input.cascade, senderId).values()) {
        byBody.set(body, [...(byBody.get(body) ?? []), recipient]);
      }
      return [...byBody].map(([body, recipients]) => ({ body, recipients }));
    }
    const body = input.body!;
    if (input.to === undefined) {
      if (replyToSender === HUMAN_INBOX) return [{ body, recipients: resolveAddresses(directory, [{ human: true }], senderId) }];
      const agent = directory.agents.find((a) => a.id === replyToSender);
      if (!agent) throw new SwitchboardError('not_found', 'The sender of the message you reply to is gone', { hint: 'Address the reply with `to`.' });
      return [{ body, recipients: resolveAddresses(directory, [{ agent: agent.id }], senderId) }];
    }
    const addresses = Array.isArray(input.to) ? input.to : [input.to];
    return [{ body, recipients: resolveAddresses(directory, addresses, senderId) }];
  }

  private typesIntoPane(choice: 'auto' | 'always' | 'never', recipient: Recipient): boolean {
    if (recipient.agent === null || choice === 'never') return false;
    return choice === 'always' || this.options.paneReaders.includes(recipient.agent.kind);
  }

  // ── receive, peek, ack ──────────────────────────────────────────────────────────────────────────

  receive(caller: Caller, input: ParsedInput<'message.receive'>): Promise<ReceiveOutput> {
    const inbox = this.inboxOwner(caller, input.agent);
    this.expireDue();
    const take = (): ReceiveOutput | undefined => this.take(inbox, input);
    const now = take();
    if (now || input.wait <= 0 || this.closed) return Promise.resolve(now ?? this.empty(input.cursor));
    return new Promise((resolve) => {
      let done = false;
      const finish = (output: ReceiveOutput) => {
        if (done) return;
        done = true;
        removeWaiter();
        cancelTimer();
        this.pendingReceives.delete(finishEmpty);
        resolve(output);
      };
      const finishEmpty = () => finish(this.empty(input.cursor));
      const removeWaiter = this.waiters.add(inbox, {
        check: () => {
          if (this.closed) return false;
          const output = take();
          if (output) finish(output);
          return output !== undefined;
        },
      });
      const cancelTimer = this.deps.clock.setTimeout(finishEmpty, input.wait * 1000);
      this.pendingReceives.add(finishEmpty);
    });
  }

  private empty(cursor: number | undefined): ReceiveOutput {
    return { messages: [], nextCursor: cursor ?? 0, hasMore: false };
  }

  private take(inbox: string, input: ParsedInput<'message.receive'>): ReceiveOutput | undefined {
    const now = this.deps.clock.now();
    const rows = this.repository.pending({ recipientId: inbox, nowMs: now, cursor: input.cursor, kinds: input.kinds, limit: input.limit });
    if (rows.length === 0) return undefined;
    const page = rows.slice(0, input.limit);
    const first = this.deps.store.transaction(() => this.repository.markDelivered(page.map((r) => r.cursor), now));
    const messages = page.map((row) => toMessage({ ...row, state: 'delivered', delivered_ms: row.delivered_ms ?? now }));
    for (const row of page.filter((r) => first.includes(r.cursor))) {
      this.deps.bus.emit({ type: 'message.delivered', messageId: row.message_id, recipientId: inbox, via: 'receive', latencyMs: Math.max(0, now - row.created_ms) });
    }
    const nextCursor = Math.max(input.cursor ?? 0, ...page.map((r) => r.cursor));
    return { messages, nextCursor, hasMore: rows.length > page.length };
  }

  peek(caller: Caller, input: ParsedInput<'message.peek'>): CommandOutput<'message.peek'> {
    const inbox = this.inboxOwner(caller, input.agent);
    this.expireDue();
    const now = this.deps.clock.now();
    const rows = this.repository.pending({ recipientId: inbox, nowMs: now, kinds: input.kinds, limit: input.limit });
    return { messages: rows.slice(0, input.limit).map(toMessage), depth: this.repository.inboxCounts(inbox, now).depth };
  }

  ack(caller: Caller, input: ParsedInput<'message.ack'>): CommandOutput<'message.ack'> {
    const inbox = this.inboxOwner(caller, input.agent);
    this.expireDue();
    let rows: DeliveryRow[];
    if (input.messageIds !== undefined) {
      const ids = [...new Set(input.messageIds)];
      rows = this.repository.deliveriesOf(inbox, ids);
      const visible = new Set(rows.filter((r) => r.state !== 'held' && r.state !== 'denied').map((r) => r.message_id));
      const missing = ids.filter((id) => !visible.has(id));
      if (missing.length) {
        throw new SwitchboardError('not_found', `Not in this inbox: ${missing.join(', ')}`, { hint: 'Nothing was acknowledged; ack only ids message.receive returned.', details: { missing } });
      }
    } else {
      rows = this.repository.deliveredUpTo(inbox, input.upTo!);
    }
    const toAck = rows.filter((r) => r.state === 'queued' || r.state === 'delivered');
    const now = this.deps.clock.now();
    this.deps.store.transaction(() => this.repository.ack(toAck.map((r) => r.cursor), now));
    if (toAck.length) this.deps.bus.emit({ type: 'message.acked', recipientId: inbox, messageIds: toAck.map((r) => r.message_id) });
    return {
      acked: toAck.length,
      alreadyAcked: rows.filter((r) => r.state === 'acked').length,
      expired: rows.filter((r) => r.state === 'expired').length,
    };
  }

  status(caller: Caller, input: ParsedInput<'message.status'>): CommandOutput<'message.status'> {
    this.expireDue();
    if (caller.kind === 'agent' || input.agent !== undefined) return { inboxes: [this.inboxStatus(this.inboxOwner(caller, input.agent))] };
    const ids = new Set([HUMAN_INBOX, ...this.deps.fleet.repository.listAgents().map((a) => a.id), ...this.repository.inboxRecipients()]);
    return { inboxes: [...ids].map((id) => this.inboxStatus(id)) };
  }

  private inboxStatus(recipientId: string): InboxStatus {
    const now = this.deps.clock.now();
    const counts = this.repository.inboxCounts(recipientId, now);
    return {
      recipientId,
      depth: counts.depth,
      unackedDelivered: counts.delivered,
      held: counts.held,
      oldestUnackedAt: counts.oldest === null ? null : new Date(counts.oldest).toISOString(),
      oldestUnackedAgeMs: counts.oldest === null ? null : Math.max(0, now - counts.oldest),
    };
  }

  // ── history and flow ────────────────────────────────────────────────────────────────────────────

  history(input: ParsedInput<'message.history'>): CommandOutput<'message.history'> {
    const rows = this.repository.history({
      agentId: input.agent === undefined ? undefined : this.participant(input.agent),
      peerId: input.peer === undefined ? undefined : this.participant(input.peer),
      teamIds: input.team === undefined ? undefined : [...teamAndDescendants(this.deps.fleet.repository.listTeams(), this.deps.fleet.requireTeam(input.team).id, input.subteams)],
      kinds: input.kinds,
      sinceMs: input.since === undefined ? undefined : Date.parse(input.since),
      untilMs: input.until === undefined ? undefined : Date.parse(input.until),
      before: input.before,
      limit: input.limit,
    });
    return { messages: rows.slice(0, input.limit).map(toMessage), hasMore: rows.length > input.limit };
  }

  flow(input: ParsedInput<'message.flow'>): { edges: MessageFlowEdge[]; since: string | null; until: string | null } {
    const rows = this.repository.flowRows({
      teamIds: input.team === undefined ? undefined : [...teamAndDescendants(this.deps.fleet.repository.listTeams(), this.deps.fleet.requireTeam(input.team).id, input.subteams)],
      kinds: input.kinds,
      sinceMs: input.since === undefined ? undefined : Date.parse(input.since),
      untilMs: input.until === undefined ? undefined : Date.parse(input.until),
    });
    return { edges: messageFlow(rows), since: input.since ?? null, until: input.until ?? null };
  }

  /** An agent id for history: "human", an open agent by id or name, or the id of a closed one. */
  private participant(ref: string): string {
    if (ref === HUMAN_INBOX) return ref;
    const agent = this.deps.fleet.repository.findAgent(ref);
    if (agent) return agent.id;
    if (ref.startsWith('agent-')) return ref;
    throw new SwitchboardError('not_found', `No agent "${ref}"`, { hint: 'agent.list shows the agents there are; closed agents are named by id.' });
  }

  // ── handoffs ────────────────────────────────────────────────────────────────────────────────────

  /** Applies a human's (or a policy's) decision on a held handoff. */
  decide(messageId: string, decision: HandoffDecision): CommandOutput<'message.decide'> {
    const copies = this.repository.heldCopies(messageId);
    if (copies.length === 0) {
      if (this.repository.findMessage(messageId)) throw new SwitchboardError('conflict', `Message "${messageId}" is not waiting for a decision`, { hint: 'It was decided already, expired, or is not a handoff.' });
      throw new SwitchboardError('not_found', `No message "${messageId}"`);
    }
    const now = this.deps.clock.now();
    const cursors = copies.map((c) => c.cursor);
    this.deps.store.transaction(() => this.repository.setState(cursors, decision.approved ? 'queued' : 'denied', decision.approved ? null : now));
    this.deps.bus.emit({ type: 'message.handoff_decided', messageId, approved: decision.approved, decidedBy: decision.decidedBy, reason: decision.reason ?? null });
    if (decision.approved) {
      this.waiters.wake(copies.map((c) => c.recipient_id));
      for (const copy of copies) if (copy.pane_state === 'pending') this.typeIntoPane(copy.cursor);
    }
    return { messageId, state: decision.approved ? 'released' : 'denied', recipients: copies.length };
  }

  private askForDecision(messageId: string): void {
    const copies = this.repository.heldCopies(messageId);
    const message = this.repository.findMessage(messageId);
    if (!message || copies.length === 0) return;
    const request: HandoffRequest = {
      messageId, senderId: message.sender_id, recipientIds: copies.map((c) => c.recipient_id), body: message.body,
      createdAt: new Date(message.created_ms).toISOString(), expiresAt: message.expires_ms === null ? null : new Date(message.expires_ms).toISOString(),
      reference: message.decision_ref ?? null,
    };
    const reference = this.decider.requestDecision(request, (decision) => {
      if (this.closed || this.repository.heldCopies(messageId).length === 0) return;
      this.decide(messageId, decision);
    });
    if (typeof reference === 'string' && reference !== request.reference) this.repository.setDecisionRef(messageId, reference);
  }

  // ── replacement ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Hands an agent's un-acknowledged copies (queued or received, not held, not expired) to another
   * agent, as when a replacement takes over: the old copies end as expired, the new ones are queued
   * (and typed into the new pane where the new agent reads its terminal). Returns how many moved.
   */
  redeliver(fromAgentId: string, toAgentId: string): number {
    const to = this.deps.fleet.requireAgent(toAgentId);
    const now = this.deps.clock.now();
    const live = this.repository.pending({ recipientId: fromAgentId, nowMs: now, limit: 10_000 });
    const paneCursors: number[] = [];
    this.deps.store.transaction(() => {
      for (const row of live) {
        const typeIt = this.options.paneReaders.includes(to.kind);
        const cursor = this.repository.insertDelivery({
          message_id: row.message_id, recipient_id: to.id, recipient_team_id: to.teamId, sender_id: row.sender_id,
          sender_team_id: row.sender_team_id, kind: row.kind, priority: row.priority, content_hash: row.content_hash,
          state: 'queued', created_ms: row.created_ms, expires_ms: row.expires_ms, pane_state: typeIt ? 'pending' : 'none',
        });
        if (typeIt) paneCursors.push(cursor);
      }
      this.repository.setState(live.map((row) => row.cursor), 'expired', now);
    });
    for (const row of live) this.deps.bus.emit({ type: 'message.expired', messageId: row.message_id, recipientId: fromAgentId });
    if (live.length) this.waiters.wake([to.id]);
    for (const cursor of paneCursors) this.typeIntoPane(cursor);
    return live.length;
  }

  // ── panes ───────────────────────────────────────────────────────────────────────────────────────

  /** A hook says the agent's pane just submitted its input (confirms a pending pane delivery). */
  signalSubmitted(agentRef: string): void {
    const agent = this.deps.fleet.repository.findAgent(agentRef);
    if (agent?.paneId) this.typer.signalSubmitted(agent.paneId);
  }

  private typeIntoPane(cursor: number): void {
    const row = this.repository.envelope(cursor);
    if (!row) return;
    const agent = this.deps.fleet.repository.findAgent(row.recipient_id);
    if (!agent?.paneId) {
      this.recordPaneFailure(row, 0, agent ? 'the agent has no pane' : 'the recipient is gone');
      return;
    }
    const senderName = row.sender_id === HUMAN_INBOX ? 'human' : (this.deps.fleet.repository.findAgent(row.sender_id)?.name ?? row.sender_id);
    const text = paneLine({ id: row.message_id, kind: row.kind, priority: PRIORITIES[row.priority] ?? 'normal', body: row.body }, senderName);
    const origin = { kind: 'message' as const, messageId: row.message_id, senderId: row.sender_id === HUMAN_INBOX ? 'human' : row.sender_id };
    void this.typer.deliver(agent.paneId, text, origin).then((outcome) => {
      if (this.closed) return;
      if (!outcome.ok) return this.recordPaneFailure(row, outcome.attempts, outcome.reason);
      const now = this.deps.clock.now();
      const before = this.repository.envelope(cursor);
      this.deps.store.transaction(() => this.repository.markPaneSubmitted(cursor, outcome.attempts, now));
      if (before && before.delivered_ms === null) {
        this.deps.bus.emit({ type: 'message.delivered', messageId: row.message_id, recipientId: row.recipient_id, via: 'pane', latencyMs: Math.max(0, now - row.created_ms) });
      }
      if (before && (before.state === 'queued' || before.state === 'delivered')) {
        this.deps.bus.emit({ type: 'message.acked', recipientId: row.recipient_id, messageIds: [row.message_id] });
      }
    });
  }

  private recordPaneFailure(row: EnvelopeRow, attempts: number, reason: string): void {
    if (this.closed) return;
    this.deps.store.transaction(() => this.repository.setPane(row.cursor, 'failed', attempts, reason));
    this.deps.bus.emit({ type: 'message.delivery_failed', messageId: row.message_id, recipientId: row.recipient_id, reason, attempts });
  }

  // ── expiry ──────────────────────────────────────────────────────────────────────────────────────

  /** Drops every live copy whose TTL ran out, with an event each; re-arms the timer for the next one. */
  expireDue(): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    const due = this.repository.due(now);
    if (due.length) {
      this.deps.store.transaction(() => this.repository.setState(due.map((d) => d.cursor), 'expired', now));
      for (const row of due) this.deps.bus.emit({ type: 'message.expired', messageId: row.message_id, recipientId: row.recipient_id });
    }
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    if (this.closed) return;
    const next = this.repository.nextExpiryMs();
    if (next === this.expiryAt) return;
    this.cancelExpiryTimer?.();
    this.cancelExpiryTimer = undefined;
    this.expiryAt = next;
    if (next === undefined) return;
    this.cancelExpiryTimer = this.deps.clock.setTimeout(() => {
      this.expiryAt = undefined;
      this.cancelExpiryTimer = undefined;
      this.expireDue();
    }, Math.max(0, next - this.deps.clock.now()));
  }

  // ── identity ────────────────────────────────────────────────────────────────────────────────────

  private senderOf(caller: Caller): string {
    if (caller.kind === 'human') return HUMAN_INBOX;
    if (!this.deps.fleet.repository.findAgent(caller.id)) throw new SwitchboardError('forbidden', 'Only an open agent may send messages');
    return caller.id;
  }

  /** Whose inbox a call acts on: agents only their own; the human any agent's, or its own by default. */
  private inboxOwner(caller: Caller, ref: string | undefined): string {
    if (caller.kind === 'agent') {
      if (ref !== undefined && ref !== caller.id && this.deps.fleet.repository.findAgent(ref)?.id !== caller.id) {
        throw new SwitchboardError('forbidden', "An agent may only use its own inbox", { hint: 'Leave out `agent`.' });
      }
      return caller.id;
    }
    if (ref === undefined || ref === HUMAN_INBOX) return HUMAN_INBOX;
    return this.deps.fleet.requireAgent(ref).id;
  }

  private directory(): Directory {
    return { agents: this.deps.fleet.repository.listAgents(), teams: this.deps.fleet.repository.listTeams() };
  }
}

