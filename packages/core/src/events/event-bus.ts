import type { NewEvent, SwitchboardEvent } from '@switchboard/protocol';
import { isoTime, type Clock } from '../ports/clock';

/** Stamps events with a host-wide sequence and time, and fans them out to subscribers. */
export class EventBus {
  private sequence = 0;
  private readonly listeners = new Set<(event: SwitchboardEvent) => void>();

  constructor(private readonly clock: Clock) {}

  get lastSequence(): number {
    return this.sequence;
  }

  emit(event: NewEvent): SwitchboardEvent {
    const stamped = { ...event, sequence: ++this.sequence, at: isoTime(this.clock) } as SwitchboardEvent;
    this.deliver(stamped);
    return stamped;
  }

  /**
   * Emits a view rather than a fact (a `pane.screen` frame): stamped with the sequence of the last fact
   * instead of a new one. Transports deliver such events to some connections only, so they must not
   * open gaps in the sequence clients check to notice missed facts.
   */
  emitTransient(event: NewEvent): SwitchboardEvent {
    const stamped = { ...event, sequence: this.sequence, at: isoTime(this.clock) } as SwitchboardEvent;
    this.deliver(stamped);
    return stamped;
  }

  subscribe(listener: (event: SwitchboardEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(event: SwitchboardEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not stop delivery to the others.
      }
    }
  }
}
