import type { NewEvent, SwitchboardEvent } from '@switchboard/protocol';
import { isoTime, type Clock } from '../ports/clock';
import { redactDeep } from '../secrets/redact';
import { silentLogger, type Logger } from '../ports/logger';

/**
 * Stamps events with a host-wide sequence and time, and fans them out to subscribers. Every event is
 * redacted here, at its source: a secret never reaches a subscriber, a transport or a client.
 */
export class EventBus {
  private sequence = 0;
  private readonly listeners = new Set<(event: SwitchboardEvent) => void>();
  /** The listeners as they were at the last (un)subscribe: each event is offered to this list, not a new copy. */
  private snapshot: readonly ((event: SwitchboardEvent) => void)[] = [];
  /** Events emitted by a subscriber while another event is being delivered wait here, in order. */
  private readonly pending: SwitchboardEvent[] = [];
  private delivering = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
  ) {}

  get lastSequence(): number {
    return this.sequence;
  }

  /** Stamps the redacted copy itself (`redactDeep` returns a fresh object): one copy per event, not two. */
  emit(event: NewEvent): SwitchboardEvent {
    const stamped = redactDeep(event) as SwitchboardEvent;
    stamped.sequence = ++this.sequence;
    stamped.at = isoTime(this.clock);
    this.deliver(stamped);
    return stamped;
  }

  /**
   * Emits a view rather than a fact (a `pane.screen` frame): stamped with the sequence of the last fact
   * instead of a new one. Transports deliver such events to some connections only, so they must not
   * open gaps in the sequence clients check to notice missed facts.
   */
  emitTransient(event: NewEvent): SwitchboardEvent {
    const stamped = redactDeep(event) as SwitchboardEvent;
    stamped.sequence = this.sequence;
    stamped.at = isoTime(this.clock);
    this.deliver(stamped);
    return stamped;
  }

  subscribe(listener: (event: SwitchboardEvent) => void): () => void {
    this.listeners.add(listener);
    this.snapshot = [...this.listeners];
    return () => {
      const removed = this.listeners.delete(listener);
      this.snapshot = [...this.listeners];
      return removed;
    };
  }

  /**
   * Every subscriber sees events in sequence order, even when a subscriber emits while an event is being
   * delivered (the new one is delivered right after the current one has reached everybody, before the outermost
   * `emit` returns). Without this, later subscribers would see the consequence before its cause, and a
   * client that drops events older than the last it saw would lose the cause.
   */
  private deliver(event: SwitchboardEvent): void {
    this.pending.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
        // A listener (un)subscribed during delivery takes effect from the next event: the list is replaced, not changed.
        for (const listener of this.snapshot) {
          try {
            listener(next);
          } catch (error) {
            // A failing subscriber must not stop delivery to the others; it is a bug, so it is logged.
            this.logger.log('error', 'an event subscriber threw', {
              component: 'events',
              event: next.type,
              sequence: next.sequence,
              err: error,
            });
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
