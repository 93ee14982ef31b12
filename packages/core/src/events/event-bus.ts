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
    for (const listener of [...this.listeners]) {
      try {
        listener(stamped);
      } catch {
        // A failing subscriber must not stop delivery to the others.
      }
    }
    return stamped;
  }

  subscribe(listener: (event: SwitchboardEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
