/**
 * The one listener set: `on` returns its own unsubscribe; a listener that throws does not stop the
 * others (its error goes to `onListenerError` with the value it was given; ignored by default, so an owner
 * whose listeners are other domains' code passes one that logs). Listeners added or removed during an `emit`
 * take effect from the next one.
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown, value: T) => void = () => undefined) {}

  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.off(listener);
  }

  /** Removes `listener`: for an owner whose API takes the listener back, as `removeEventListener` does. */
  off(listener: (value: T) => void): void {
    this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error, value);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
