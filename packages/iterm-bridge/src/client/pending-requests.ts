import type { ITerm2Error } from './errors';

/** A request sent and not answered yet. */
export interface Pending {
  operation: string;
  /** Nobody waits on the answer at once (`CallOptions.patient`): it may wait for the read-coalescing window. */
  patient: boolean;
  expected: string;
  /** A getBuffer answered as its lines alone (buffer-lines-frame.ts `BufferLines`), not the response message. */
  lines: boolean;
  accept: readonly string[] | undefined;
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: ITerm2Error): void;
}

/** The client's requests in flight by id, and how many of them are awaited at once (not patient). */
export class PendingRequests {
  private readonly byId = new Map<bigint, Pending>();
  private awaitedCount = 0;
  private linesCount = 0;

  /** Whether an answer is awaited at once: while one is, frames are read as they come. */
  get awaited(): boolean {
    return this.awaitedCount > 0;
  }

  /** Whether a request answered as its lines alone is in flight. */
  get linesAwaited(): boolean {
    return this.linesCount > 0;
  }

  add(id: bigint, pending: Pending): void {
    this.byId.set(id, pending);
    if (!pending.patient) this.awaitedCount++;
    if (pending.lines) this.linesCount++;
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
    if (pending.lines) this.linesCount--;
    return pending;
  }

  all(): [bigint, Pending][] {
    return [...this.byId];
  }
}
