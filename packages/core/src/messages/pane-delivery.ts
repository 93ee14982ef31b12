import { HUMAN_INBOX } from '@switchboard/protocol';
import { PRIORITIES, type EnvelopeRow } from './message-repository';
import type { MessagingContext } from './messaging-context';
import { PaneTyper, paneLine } from './pane-typer';

/**
 * Copies typed into recipients' panes: one line per copy through the `PaneTyper` (confirmed submit),
 * recorded as submitted (delivered and acknowledged) or failed with a reason.
 */
export class PaneDelivery {
  private readonly typer: PaneTyper;

  constructor(private readonly context: MessagingContext) {
    this.typer = new PaneTyper(context.deps.backend, context.deps.clock, context.options.pane);
  }

  /** After a restart: a delivery that was being typed is not typed again (it may have been submitted). */
  settleInterrupted(): void {
    const { deps, repository } = this.context;
    const interrupted = repository.paneInFlight().filter((row) => row.state !== 'held');
    if (interrupted.length === 0) return;
    deps.store.transaction(() => {
      for (const row of interrupted) repository.setPane(row.cursor, 'failed', row.pane_attempts, 'interrupted by a host restart; not typed again to avoid a double submit');
    });
  }

  /** A hook says the agent's pane just submitted its input (confirms a pending pane delivery). */
  signalSubmitted(agentRef: string): void {
    const agent = this.context.deps.fleet.repository.findAgent(agentRef);
    if (agent?.paneId) this.typer.signalSubmitted(agent.paneId);
  }

  /** Types the copy at `cursor` into its recipient's pane (in the background) and records the outcome. */
  type(cursor: number): void {
    const { deps, repository } = this.context;
    const row = repository.envelope(cursor);
    if (!row) return;
    const agent = deps.fleet.repository.findAgent(row.recipient_id);
    if (!agent?.paneId) {
      this.recordFailure(row, 0, agent ? 'the agent has no pane' : 'the recipient is gone');
      return;
    }
    const senderName = row.sender_id === HUMAN_INBOX ? 'human' : (deps.fleet.repository.findAgent(row.sender_id)?.name ?? row.sender_id);
    const text = paneLine({ id: row.message_id, kind: row.kind, priority: PRIORITIES[row.priority] ?? 'normal', body: row.body }, senderName);
    void this.typer.deliver(agent.paneId, text).then((outcome) => {
      if (this.context.isClosed()) return;
      if (!outcome.ok) return this.recordFailure(row, outcome.attempts, outcome.reason);
      const now = deps.clock.now();
      const before = repository.envelope(cursor);
      deps.store.transaction(() => repository.markPaneSubmitted(cursor, outcome.attempts, now));
      if (before && before.delivered_ms === null) {
        deps.bus.emit({ type: 'message.delivered', messageId: row.message_id, recipientId: row.recipient_id, via: 'pane', latencyMs: Math.max(0, now - row.created_ms) });
      }
      if (before && (before.state === 'queued' || before.state === 'delivered')) {
        deps.bus.emit({ type: 'message.acked', recipientId: row.recipient_id, messageIds: [row.message_id] });
      }
    });
  }

  private recordFailure(row: EnvelopeRow, attempts: number, reason: string): void {
    const { deps, repository } = this.context;
    if (this.context.isClosed()) return;
    deps.store.transaction(() => repository.setPane(row.cursor, 'failed', attempts, reason));
    deps.bus.emit({ type: 'message.delivery_failed', messageId: row.message_id, recipientId: row.recipient_id, reason, attempts });
  }
}
