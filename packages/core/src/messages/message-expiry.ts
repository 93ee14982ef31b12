import type { MessagingContext } from './messaging-context';

/** TTL expiry: drops every live copy whose time ran out, with an event each, on a Clock timer armed for the next one. */
export class MessageExpiry {
  private cancelTimer: (() => void) | undefined;
  private armedAt: number | undefined;
  /**
   * `armedAt` is the earliest expiry among the live copies as last read (undefined: none). Copies get an
   * expiry only when sent, and a send with a TTL calls `schedule`; every other change only ends copies,
   * which can make the earliest later, never sooner. So while it is known, nothing is due before it and
   * `expireDue` (every receive, peek, ack, status) skips its two queries.
   */
  private earliestKnown = false;

  constructor(private readonly context: MessagingContext) {}

  /** Drops every live copy whose TTL ran out, with an event each; re-arms the timer for the next one. */
  expireDue(): void {
    const { deps, repository } = this.context;
    if (this.context.isClosed()) return;
    const now = deps.clock.now();
    if (this.earliestKnown && (this.armedAt === undefined || now < this.armedAt)) return;
    const due = repository.due(now);
    if (due.length) {
      deps.store.transaction(() =>
        repository.setState(
          due.map((d) => d.cursor),
          'expired',
          now,
        ),
      );
      for (const row of due)
        deps.bus.emit({ type: 'message.expired', messageId: row.message_id, recipientId: row.recipient_id });
    }
    this.schedule();
  }

  /** Arms the timer for the next expiry (after a send with a TTL, or a sweep). */
  schedule(): void {
    if (this.context.isClosed()) return;
    const next = this.context.repository.nextExpiryMs();
    this.earliestKnown = true;
    if (next === this.armedAt) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.armedAt = next;
    if (next === undefined) return;
    const { clock } = this.context.deps;
    this.cancelTimer = clock.setTimeout(
      () => {
        this.armedAt = undefined;
        this.cancelTimer = undefined;
        this.earliestKnown = false;
        this.expireDue();
      },
      Math.max(0, next - clock.now()),
    );
  }

  close(): void {
    this.cancelTimer?.();
  }
}
