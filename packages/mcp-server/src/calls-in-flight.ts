import { Emitter, type CallSignal } from '@switchboard/protocol';

/** Where an abort listener's throw goes (the endpoint's `onError`): it must not stop the others or leave `abort`. */
export type AbortListenerFailed = (error: unknown) => void;

/** An endpoint's `onError` as the reporter of its calls' abort listeners (none given: not reported). */
export const abortListenerFailed =
  (onError: ((message: string, error: unknown) => void) | undefined): AbortListenerFailed =>
  (error) =>
    onError?.("a tool call's abort listener threw", error);

/**
 * A call's signal, aborted by hand: its connection closed, or the client cancelled it. Not an AbortController, which
 * costs ~10 µs to make on Node 20 here (load 10), and every long-poll call makes one.
 */
export class CallAbort implements CallSignal {
  aborted = false;
  private listeners: Emitter<void> | undefined;

  constructor(private readonly failed: AbortListenerFailed) {}

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) (this.listeners ??= new Emitter<void>(this.failed)).on(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners?.off(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    listeners?.emit();
  }
}

/**
 * The tool calls one MCP session or connection answers itself (not through the SDK), by JSON-RPC id, so that a
 * client's `notifications/cancelled` (an MCP client's Esc: it does not close its connection) ends the call's wait, as
 * the SDK's server does for the calls it answers; `abortAll` when the connection closes. A client may reuse an id for
 * two calls in flight (MCP says it must not): the id then names them all, a cancel of it ends them all, and none is
 * forgotten (the map holds the newest, which links to the call it hid).
 */
export class CallsInFlight {
  private readonly byId = new Map<string | number, CallAbort>();
  /** The call in flight under the same id when each started, by the call that hid it: empty unless ids are reused. */
  private readonly hidden = new Map<CallAbort, CallAbort>();

  constructor(private readonly failed: AbortListenerFailed) {}

  /** The signal of a call starting; `end` it when answered. */
  start(id: string | number): CallAbort {
    const signal = new CallAbort(this.failed);
    const before = this.byId.get(id);
    if (before !== undefined) this.hidden.set(signal, before);
    this.byId.set(id, signal);
    return signal;
  }

  end(id: string | number, signal: CallAbort): void {
    const newest = this.byId.get(id);
    if (newest === signal && this.hidden.size === 0) return void this.byId.delete(id);
    if (newest === undefined) return;
    const under = this.hidden.get(signal);
    this.hidden.delete(signal);
    if (newest === signal) {
      if (under === undefined) this.byId.delete(id);
      else this.byId.set(id, under);
      return;
    }
    // A reused id: unlink the call from the calls that hid it.
    for (let above = newest; ;) {
      const next = this.hidden.get(above);
      if (next === undefined) return;
      if (next === signal)
        return void (under === undefined ? this.hidden.delete(above) : this.hidden.set(above, under));
      above = next;
    }
  }

  /** If `message` is a `notifications/cancelled` naming calls in flight here, aborts them. */
  cancel(message: unknown): void {
    if (this.byId.size === 0 || !isCancellation(message)) return;
    this.abortId(message.params.requestId);
  }

  /** Aborts every call in flight under this id. */
  abortId(id: string | number): void {
    const newest = this.byId.get(id);
    if (newest === undefined) return;
    this.byId.delete(id);
    this.abortFrom(newest);
  }

  abortAll(): void {
    const newest = [...this.byId.values()];
    this.byId.clear();
    for (const signal of newest) this.abortFrom(signal);
  }

  /** Aborts a call and the calls it hid under its id. */
  private abortFrom(newest: CallAbort): void {
    for (let signal: CallAbort | undefined = newest; signal !== undefined;) {
      const under: CallAbort | undefined = this.hidden.get(signal);
      this.hidden.delete(signal);
      signal.abort();
      signal = under;
    }
  }
}

function isCancellation(message: unknown): message is { params: { requestId: string | number } } {
  if (typeof message !== 'object' || message === null) return false;
  const { method, params } = message as { method?: unknown; params?: unknown };
  if (method !== 'notifications/cancelled' || typeof params !== 'object' || params === null) return false;
  const id = (params as { requestId?: unknown }).requestId;
  return typeof id === 'string' || typeof id === 'number';
}
