import { HUMAN_INBOX, SwitchboardError } from '@switchboard/protocol';
import type { Caller, CallSignal, CommandOutput, InboxStatus, ParsedInput } from '@switchboard/protocol';
import { callAuditRecord } from '../audit/audited-handlers';
import { onCallerGone } from '../dispatch/caller-gone';
import type { MessageExpiry } from './message-expiry';
import { toMessage, type AckRow } from './message-repository';
import type { MessagingContext } from './messaging-context';
import type { PaneInputSettings } from './pane-input-settings';

type ReceiveOutput = CommandOutput<'message.receive'>;

/**
 * Receives one inbox may have waiting at once. A long-poll stays parked until a message, its `wait` (up to 600 s) or
 * its caller leaving (the transport aborts the call's signal, session 23). Before that, an agent that started receives
 * and dropped them kept one parked per call its rate allowed (~15 KB each). One more answers the oldest now, empty.
 */
export const MAX_PARKED_RECEIVES = 32;

/** The receiving side: long-poll receive, peek, ack and inbox status, each on the caller's own inbox. */
export class Inbox {
  private readonly pendingReceives = new Set<() => void>();
  /** Per inbox, its parked receives' "answer empty now to make room", oldest first. */
  private readonly parked = new Map<string, Set<() => void>>();

  constructor(
    private readonly context: MessagingContext,
    private readonly expiry: MessageExpiry,
    private readonly settings: PaneInputSettings,
  ) {}

  /**
   * Long-poll receive. What it takes is marked delivered in one transaction with (`audited`: a call
   * through the dispatcher) the call's audit entry; a receive that was waiting is answered from inside
   * the send's own transaction, so a send to a waiting receive is one commit. `ack` first acknowledges
   * what the inbox received up to that cursor (as `message.ack` with `upTo`), in the same transaction as
   * the claim, committed before the call waits: a steady stream costs one call per batch, not two.
   * `signal` aborts when the caller has gone: the receive ends at once, empty, having taken nothing (what it did
   * not answer stays queued for the next receive); gone before it ran, it acknowledges nothing either.
   */
  receive(
    caller: Caller,
    input: ParsedInput<'message.receive'>,
    audited = false,
    signal?: CallSignal,
  ): Promise<ReceiveOutput> {
    const inbox = this.owner(caller, input.agent);
    if (signal?.aborted) return Promise.resolve(this.empty(input.cursor));
    this.expiry.expireDue();
    const { store, audit } = this.context.deps;
    const record = () => {
      if (audited) audit?.append(callAuditRecord('message.receive', caller, input, undefined));
    };
    const answersNow = () => input.wait <= 0 || this.context.isClosed();
    let acked: AckRow[] = [];
    const ready = store.transaction(() => {
      if (input.ack !== undefined)
        acked = this.acknowledge(this.context.repository.deliveredUpTo(inbox, input.ack));
      const answer = this.claim(inbox, input);
      if (answer || answersNow()) record();
      return answer;
    });
    this.announceAcked(inbox, acked);
    const withAck = (output: ReceiveOutput): ReceiveOutput =>
      input.ack === undefined ? output : { ...output, acked: acked.length };
    if (ready || answersNow()) return Promise.resolve(withAck(ready ? ready() : this.empty(input.cursor)));
    const parked = this.parked.get(inbox) ?? new Set<() => void>();
    return new Promise((resolve) => {
      let done = false;
      let claimed = false;
      let stopListening = (): void => undefined;
      const finish = (output: ReceiveOutput) => {
        if (done) return;
        done = true;
        removeWaiter();
        cancelTimer();
        stopListening();
        this.pendingReceives.delete(finishEmpty);
        parked.delete(makeRoom);
        if (parked.size === 0 && this.parked.get(inbox) === parked) this.parked.delete(inbox);
        resolve(withAck(output));
      };
      const finishEmpty = () => {
        if (done) return;
        record();
        finish(this.empty(input.cursor));
      };
      const removeWaiter = this.context.waiters.add(inbox, {
        claim: () => {
          if (done || claimed || this.context.isClosed()) return undefined;
          const answer = this.claim(inbox, input);
          if (!answer) return undefined;
          claimed = true;
          // A claim undone (the send's savepoint or its group's COMMIT failed) leaves the waiter waiting.
          store.afterCommit((committed) => {
            if (!committed) claimed = false;
          });
          record();
          return () => finish(answer());
        },
      });
      const cancelTimer = this.context.deps.clock.setTimeout(finishEmpty, input.wait * 1000);
      this.pendingReceives.add(finishEmpty);
      // Answered empty to make room for a newer receive, unless its messages are on their way (claimed).
      const makeRoom = () => void (claimed || finishEmpty());
      if (parked.size >= MAX_PARKED_RECEIVES) parked.values().next().value?.();
      parked.add(makeRoom);
      this.parked.set(inbox, parked);
      // The caller gone: nothing more is claimed for it (a claim already committed is answered, unacknowledged).
      stopListening = onCallerGone(signal, makeRoom);
    });
  }

  /** Receives parked on this inbox now (a caller gone takes its own away at once). */
  waiting(inbox: string): number {
    return this.parked.get(inbox)?.size ?? 0;
  }

  /** Answers every parked long-poll with nothing (the host is closing). */
  close(): void {
    for (const finish of [...this.pendingReceives]) finish();
  }

  private empty(cursor: number | undefined): ReceiveOutput {
    return { messages: [], nextCursor: cursor ?? 0, hasMore: false };
  }

  /**
   * Inside a transaction: marks what the inbox holds for this receive as delivered. Returns what
   * answers the receive (and announces the first deliveries) once the transaction has committed.
   */
  private claim(inbox: string, input: ParsedInput<'message.receive'>): (() => ReceiveOutput) | undefined {
    const { deps, repository } = this.context;
    const now = deps.clock.now();
    const rows = repository.inbox({
      recipientId: inbox,
      nowMs: now,
      cursor: input.cursor,
      kinds: input.kinds,
      limit: input.limit,
    });
    if (rows.length === 0) return undefined;
    const page = rows.slice(0, input.limit);
    // Read in this transaction just now: a copy never delivered before is delivered for the first time.
    const first = page.filter((row) => row.delivered_ms === null);
    repository.markDelivered(
      page.map((r) => r.cursor),
      now,
    );
    return () => {
      const messages = page.map((row) =>
        toMessage({ ...row, state: 'delivered', delivered_ms: row.delivered_ms ?? now }),
      );
      for (const row of first) {
        deps.bus.emit({
          type: 'message.delivered',
          messageId: row.message_id,
          recipientId: inbox,
          via: 'receive',
          latencyMs: Math.max(0, now - row.created_ms),
        });
      }
      const nextCursor = Math.max(input.cursor ?? 0, ...page.map((r) => r.cursor));
      return { messages, nextCursor, hasMore: rows.length > page.length };
    };
  }

  peek(caller: Caller, input: ParsedInput<'message.peek'>): CommandOutput<'message.peek'> {
    const inbox = this.owner(caller, input.agent);
    this.expiry.expireDue();
    const now = this.context.deps.clock.now();
    const rows = this.context.repository.inbox({
      recipientId: inbox,
      nowMs: now,
      kinds: input.kinds,
      limit: input.limit,
    });
    return {
      messages: rows.slice(0, input.limit).map(toMessage),
      depth: this.context.repository.inboxCounts(inbox, now).depth,
    };
  }

  /** One transaction for the acknowledgement and (`audited`: a call through the dispatcher) its audit entry. */
  ack(caller: Caller, input: ParsedInput<'message.ack'>, audited = false): CommandOutput<'message.ack'> {
    const { deps, repository } = this.context;
    const inbox = this.owner(caller, input.agent);
    this.expiry.expireDue();
    let rows: AckRow[];
    if (input.messageIds !== undefined) {
      const ids = [...new Set(input.messageIds)];
      rows = repository.deliveriesOf(inbox, ids);
      const visible = new Set(
        rows.filter((r) => r.state !== 'held' && r.state !== 'denied').map((r) => r.message_id),
      );
      const missing = ids.filter((id) => !visible.has(id));
      if (missing.length) {
        throw new SwitchboardError('not_found', `Not in this inbox: ${missing.join(', ')}`, {
          hint: 'Nothing was acknowledged; ack only ids message.receive returned.',
          details: { missing },
        });
      }
    } else if (input.all) {
      return this.ackAll(caller, inbox, input, audited);
    } else {
      rows = repository.deliveredUpTo(inbox, input.upTo!);
    }
    const toAck = rows.filter((r) => r.state === 'queued' || r.state === 'delivered');
    const output = {
      acked: toAck.length,
      alreadyAcked: rows.filter((r) => r.state === 'acked').length,
      expired: rows.filter((r) => r.state === 'expired').length,
    };
    deps.store.transaction(() => {
      this.acknowledge(toAck);
      if (audited) deps.audit?.append(callAuditRecord('message.ack', caller, input, output));
    });
    this.announceAcked(inbox, toAck);
    return output;
  }

  /**
   * `all`: every copy of the inbox not yet acknowledged (queued or received; held ones are not the
   * recipient's yet), up to `upTo` if given, in one UPDATE and one audit entry, whatever their number
   * ("Mark all read" at 10,000 unread was ~200 calls of peek and ack by ids).
   */
  private ackAll(
    caller: Caller,
    inbox: string,
    input: ParsedInput<'message.ack'>,
    audited: boolean,
  ): CommandOutput<'message.ack'> {
    const { deps, repository } = this.context;
    const output = { acked: 0, alreadyAcked: 0, expired: 0 };
    const acked = deps.store.transaction(() => {
      const rows = repository.ackOpen(inbox, input.upTo ?? Number.MAX_SAFE_INTEGER, deps.clock.now());
      output.acked = rows.length;
      if (audited) deps.audit?.append(callAuditRecord('message.ack', caller, input, output));
      return rows;
    });
    this.announceAcked(inbox, acked);
    return output;
  }

  /** Inside a transaction: the rows still open (queued or delivered) become acked; returns those. */
  private acknowledge(rows: readonly AckRow[]): AckRow[] {
    const open = rows.filter((r) => r.state === 'queued' || r.state === 'delivered');
    this.context.repository.ack(
      open.map((r) => r.cursor),
      this.context.deps.clock.now(),
    );
    return open;
  }

  /** After the commit: tells who listens which messages of the inbox are acknowledged. */
  private announceAcked(inbox: string, rows: readonly AckRow[]): void {
    if (rows.length === 0) return;
    this.context.deps.bus.emit({
      type: 'message.acked',
      recipientId: inbox,
      messageIds: rows.map((r) => r.message_id),
    });
  }

  status(caller: Caller, input: ParsedInput<'message.status'>): CommandOutput<'message.status'> {
    this.expiry.expireDue();
    if (caller.kind === 'agent' || input.agent !== undefined)
      return { inboxes: [this.inboxStatus(this.owner(caller, input.agent))] };
    const ids = new Set([
      HUMAN_INBOX,
      ...this.context.deps.fleet.repository.listAgents().map((a) => a.id),
      ...this.context.repository.inboxRecipients(),
    ]);
    return { inboxes: [...ids].map((id) => this.inboxStatus(id)) };
  }

  private inboxStatus(recipientId: string): InboxStatus {
    const now = this.context.deps.clock.now();
    const counts = this.context.repository.inboxCounts(recipientId, now);
    return {
      recipientId,
      depth: counts.depth,
      unackedDelivered: counts.delivered,
      held: counts.held,
      oldestUnackedAt: counts.oldest === null ? null : new Date(counts.oldest).toISOString(),
      oldestUnackedAgeMs: counts.oldest === null ? null : Math.max(0, now - counts.oldest),
      pane: {
        input: recipientId === HUMAN_INBOX ? null : this.settings.mode(recipientId),
        ...this.context.repository.paneCounts(recipientId),
      },
    };
  }

  /** Whose inbox a call acts on: agents only their own; the human any agent's, or its own by default. */
  private owner(caller: Caller, ref: string | undefined): string {
    const { fleet } = this.context.deps;
    if (caller.kind === 'agent') {
      if (ref !== undefined && ref !== caller.id && fleet.repository.findAgent(ref)?.id !== caller.id) {
        throw new SwitchboardError('forbidden', 'An agent may only use its own inbox', {
          hint: 'Leave out `agent`.',
        });
      }
      return caller.id;
    }
    if (ref === undefined || ref === HUMAN_INBOX) return HUMAN_INBOX;
    return fleet.requireAgent(ref).id;
  }
}
