import { HUMAN_INBOX, type Agent } from '@switchboard/protocol';
import type { WriteOrigin } from '../panes/input-gate/pane-input-gate';
import { PRIORITIES, type EnvelopeRow } from './message-repository';
import type { MessagingContext } from './messaging-context';
import type { PaneInputSettings } from './pane-input-settings';
import { mayEverType, noticeLine, paneReadiness, shellFramed, type PaneFrame } from './pane-readiness';
import { PaneTyper, paneLine, printable, type HeldReason } from './pane-typer';
import { noTracer } from '../ports/tracer';

const RECHECKS = 8;
const RECHECK_FIRST_MS = 250;
const RECHECK_MAX_MS = 4_000;

/**
 * Copies typed into recipients' panes, one recipient at a time, only when its pane sits idle at its
 * input prompt (its CLI's, or a shell's if the owner allowed it, framed as a no-op). An agent that uses
 * the endpoint gets ONE short line saying messages wait (the copies stay in its inbox, unacknowledged);
 * an agent without it gets each text typed and submitted (then it has seen it: delivered and acked).
 * Copies wait (`pending`, with the reason) while the recipient is busy; a health change to idle tries again.
 */
export class PaneDelivery {
  private readonly typer: PaneTyper;
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  /** Recipients whose health says idle while their screen does not look ready yet: looked at again soon. */
  private readonly rechecks = new Map<string, { count: number; cancel: () => void }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly context: MessagingContext,
    private readonly settings: PaneInputSettings,
  ) {
    this.typer = new PaneTyper(
      context.deps.backend,
      context.deps.gate,
      context.deps.clock,
      context.options.pane,
    );
    this.unsubscribe = context.deps.bus.subscribe((event) => {
      if (event.type === 'health.state_changed' && event.health.state === 'idle') {
        this.cancelRecheck(event.agentId);
        this.kick(event.agentId);
      } else if (event.type === 'agent.closed') {
        // A closed agent is owed nothing more and never calls again: nothing is kept for it.
        this.cancelRecheck(event.agentId);
        this.settings.forget(event.agentId);
      }
    });
  }

  /** After a restart: a copy that was being typed is not typed again (it may have been submitted); the rest resume. */
  start(): void {
    const { deps, repository } = this.context;
    const interrupted = repository.paneTyping();
    if (interrupted.length) {
      deps.store.transaction(() => {
        for (const row of interrupted)
          repository.setPane(
            row.cursor,
            'failed',
            row.pane_attempts,
            'interrupted by a host restart while being typed; not typed again to avoid a double submit',
          );
      });
    }
    for (const recipientId of repository.paneOwedRecipients()) this.kick(recipientId);
  }

  close(): void {
    this.unsubscribe();
    for (const recipientId of [...this.rechecks.keys()]) this.cancelRecheck(recipientId);
  }

  /** A hook says the agent's pane just submitted its input (confirms a pending pane delivery). */
  signalSubmitted(agentRef: string): void {
    const agent = this.context.deps.fleet.repository.findAgent(agentRef);
    if (agent?.paneId) this.typer.signalSubmitted(agent.paneId);
  }

  /** Whether a copy for this agent should be typed at all (`pending`) or not (`none`), by the owner's setting. */
  typesFor(agent: Agent): boolean {
    return mayEverType(agent.kind, this.settings.mode(agent.id));
  }

  /** Tries to type what a recipient is owed (in the background); one run per recipient at a time. */
  kick(recipientId: string): void {
    if (this.context.isClosed() || recipientId === HUMAN_INBOX) return;
    if (this.running.has(recipientId)) {
      this.again.add(recipientId);
      return;
    }
    this.running.add(recipientId);
    void this.drain(recipientId).finally(() => {
      this.running.delete(recipientId);
      if (this.again.delete(recipientId)) this.kick(recipientId);
    });
  }

  private async drain(recipientId: string): Promise<void> {
    const { deps, repository } = this.context;
    for (;;) {
      const owed = repository.paneOwed(recipientId);
      if (owed.length === 0 || this.context.isClosed()) return;
      const agent = deps.fleet.repository.findAgent(recipientId);
      if (!agent?.paneId)
        return this.recordFailure(owed, 0, agent ? 'the agent has no pane' : 'the recipient is gone');
      const mode = this.settings.mode(agent.id);
      if (!mayEverType(agent.kind, mode)) return this.setWaiting(owed, 'none', null);
      let frame: PaneFrame;
      try {
        const readiness = paneReadiness(agent.kind, mode, await deps.backend.readScreen(agent.paneId));
        if (this.context.isClosed()) return;
        if (!readiness.ready) {
          if (agent.state === 'idle') this.recheckSoon(recipientId);
          return this.setWaiting(owed, 'pending', readiness.reason);
        }
        frame = readiness.frame;
        this.cancelRecheck(recipientId);
      } catch (error) {
        return this.recordFailure(owed, 0, `could not read the pane: ${(error as Error).message}`);
      }
      const notice = this.settings.usesEndpoint(agent.id);
      const batch = notice ? owed : owed.slice(0, 1);
      const line = notice
        ? noticeLine(
            batch.map((row) => ({ kind: row.kind, senderName: printable(this.senderName(row.sender_id)) })),
          )
        : paneLine(
            {
              id: batch[0]!.message_id,
              kind: batch[0]!.kind,
              priority: PRIORITIES[batch[0]!.priority] ?? 'normal',
              body: batch[0]!.body,
            },
            this.senderName(batch[0]!.sender_id),
          );
      deps.store.transaction(() =>
        repository.setPaneMany(
          batch.map((row) => row.cursor),
          'typing',
          null,
        ),
      );
      // Through the pane input gate: a notice is Switchboard's own line; a message's text carries its
      // sender's rights. Held while a permission prompt is up or the human has control (the reason shows).
      const origin: WriteOrigin = notice
        ? { kind: 'system', what: 'messages-waiting notice' }
        : {
            kind: 'message',
            messageId: batch[0]!.message_id,
            senderId: batch[0]!.sender_id === HUMAN_INBOX ? 'human' : batch[0]!.sender_id,
          };
      const onHeld = (why: HeldReason) => this.setWaiting(batch, 'held', why.message);
      const text = frame === 'shell' ? shellFramed(line) : line;
      // The typing continues the trace of the call that sent the (first) message, however late it happens.
      const tracer = deps.tracer ?? noTracer;
      const attributes = {
        'switchboard.message_id': batch[0]!.message_id,
        'switchboard.recipient_id': recipientId,
        'switchboard.notice': notice,
      };
      const outcome = await tracer.withParent(batch[0]!.traceparent ?? undefined, () =>
        tracer.span('message.deliver_to_pane', attributes, () =>
          this.typer.deliver(agent.paneId!, text, origin, {
            onHeld,
            onSubmittedLate: (attempts) => this.submittedLate(batch, notice, attempts),
          }),
        ),
      );
      if (this.context.isClosed()) return;
      if (!outcome.ok && outcome.unconfirmed) {
        // Typed and Enter pressed, the submission not seen: not failed (a starved CLI may read it late), never
        // typed again; the copy stays in the inbox (unacknowledged) with the reason. A late hook submits it.
        this.recordUnconfirmed(batch, notice, outcome.attempts, outcome.reason);
        continue;
      }
      if (!outcome.ok) {
        // That copy failed; the ones after it still get their turn (a refusal is per sender: a lease, its rights).
        this.recordFailure(batch, outcome.attempts, outcome.reason);
        continue;
      }
      if (notice)
        deps.store.transaction(() =>
          repository.setPaneMany(
            batch.map((row) => row.cursor),
            'notified',
            null,
          ),
        );
      else this.recordSubmitted(batch[0]!, outcome.attempts);
    }
  }

  /**
   * Health can call an agent idle before its screen shows it: Claude Code's Stop hook arrives while the
   * turn's "esc to interrupt" line is still drawn. No further health change will come, so the copies
   * would wait for the next turn; instead the screen is looked at again, backing off (250 ms … 4 s,
   * RECHECKS times), and a real change to idle starts the count over.
   */
  private recheckSoon(recipientId: string): void {
    const count = (this.rechecks.get(recipientId)?.count ?? 0) + 1;
    this.rechecks.get(recipientId)?.cancel();
    if (count > RECHECKS) return;
    const cancel = this.context.deps.clock.setTimeout(
      () => this.kick(recipientId),
      Math.min(RECHECK_FIRST_MS * 2 ** (count - 1), RECHECK_MAX_MS),
    );
    this.rechecks.set(recipientId, { count, cancel });
  }

  private cancelRecheck(recipientId: string): void {
    this.rechecks.get(recipientId)?.cancel();
    this.rechecks.delete(recipientId);
  }

  private senderName(senderId: string): string {
    return senderId === HUMAN_INBOX ? 'human' : this.context.deps.fleet.repository.nameOf(senderId);
  }

  /** The text is on the recipient's screen and submitted: delivered and acknowledged (it has no inbox reader). */
  private recordSubmitted(row: EnvelopeRow, attempts: number): void {
    const { deps, repository } = this.context;
    const now = deps.clock.now();
    const before = repository.envelope(row.cursor);
    deps.store.transaction(() => repository.markPaneSubmitted(row.cursor, attempts, now));
    if (before && before.delivered_ms === null) {
      deps.bus.emit({
        type: 'message.delivered',
        messageId: row.message_id,
        recipientId: row.recipient_id,
        via: 'pane',
        latencyMs: Math.max(0, now - row.created_ms),
      });
    }
    if (before && (before.state === 'queued' || before.state === 'delivered')) {
      deps.bus.emit({ type: 'message.acked', recipientId: row.recipient_id, messageIds: [row.message_id] });
    }
  }

  private setWaiting(
    rows: readonly EnvelopeRow[],
    state: 'pending' | 'held' | 'none',
    reason: string | null,
  ): void {
    const changed = rows.filter((row) => row.pane_state !== state || row.pane_reason !== reason);
    if (changed.length === 0) return;
    this.context.deps.store.transaction(() =>
      this.context.repository.setPaneMany(
        changed.map((row) => row.cursor),
        state,
        reason,
      ),
    );
  }

  /** A hook said the pane submitted after its copies were called unconfirmed: the ones still so are submitted. */
  private submittedLate(rows: readonly EnvelopeRow[], notice: boolean, attempts: number): void {
    const { deps, repository } = this.context;
    if (this.context.isClosed()) return;
    const still = rows.filter((row) => repository.envelope(row.cursor)?.pane_state === 'unconfirmed');
    if (still.length === 0) return;
    if (!notice) return this.recordSubmitted(still[0]!, attempts);
    deps.store.transaction(() =>
      repository.setPaneMany(
        still.map((row) => row.cursor),
        'notified',
        null,
      ),
    );
  }

  /** A message copy's (not a notice's: its copies wait in the inbox) is told: an attention item asks the person. */
  private recordUnconfirmed(
    rows: readonly EnvelopeRow[],
    notice: boolean,
    attempts: number,
    reason: string,
  ): void {
    const { deps, repository } = this.context;
    deps.store.transaction(() => {
      for (const row of rows) repository.setPane(row.cursor, 'unconfirmed', attempts, reason);
    });
    if (notice) return;
    for (const row of rows)
      deps.bus.emit({
        type: 'message.pane_unconfirmed',
        messageId: row.message_id,
        recipientId: row.recipient_id,
        reason,
        attempts,
      });
  }

  private recordFailure(rows: readonly EnvelopeRow[], attempts: number, reason: string): void {
    const { deps, repository } = this.context;
    if (this.context.isClosed()) return;
    deps.store.transaction(() => {
      for (const row of rows) repository.setPane(row.cursor, 'failed', attempts, reason);
    });
    for (const row of rows)
      deps.bus.emit({
        type: 'message.delivery_failed',
        messageId: row.message_id,
        recipientId: row.recipient_id,
        reason,
        attempts,
      });
  }
}
