import type { ITerm2Error } from './errors';

/** A request sent and not answered yet. */
export interface Pending {
  operation: string;
  /** Nobody waits on the answer at once (`CallOptions.patient`): it may wait for the read-coalescing window. */
  patient: boolean;
  expected: string;
  accept: readonly string[] | undefined;
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: ITerm2Error): void;
}

/** The client's requests in flight by id, and how many of them are awaited at once (not patient). */
export class PendingRequests {
  private readonly byId = new Map<bigint, Pending>();
  private awaitedCount = 0;

  /** Whether an answer is awaited at once: while one is, frames are read as they come. */
  get awaited(): boolean {
    return this.awaitedCount > 0;
  }

  add(id: bigint, pending: Pending): void {
    this.byId.set(id, pending);
    if (!pending.patient) this.awaitedCount++;
  }

  get(id: bigint): Pending | undefined {
    return this.byId.get(id);
  }

  /** The request is no longer pending (answered, failed or timed out): returns it, if it was. */
  take(id: bigint): Pending | undefined {
    const pending = this.byId.get(id);
    if (!pending) return undefined;
    this.byId.delete(id);
    if (!pending.patient) this.awaitedCount--;
    return pending;
  }

  all(): [bigint, Pending][] {
    return [...this.byId];
  }
}
