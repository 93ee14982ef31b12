import type { CallSignal } from '@switchboard/protocol';

/**
 * A call's signal, aborted by hand: its connection closed, or the client cancelled it. Not an AbortController, which
 * costs ~10 µs to make on Node 20 here (load 10), and every long-poll call makes one.
 */
export class CallAbort implements CallSignal {
  aborted = false;
  private listeners: Set<() => void> | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) (this.listeners ??= new Set()).add(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners?.delete(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    listeners?.forEach((listener) => listener());
  }
}

/**
 * The tool calls one MCP session or connection answers itself (not through the SDK), by JSON-RPC id, so that a
 * client's `notifications/cancelled` (an MCP client's Esc: it does not close its connection) ends the call's wait, as
 * the SDK's server does for the calls it answers; `abortAll` when the connection closes.
 */
export class CallsInFlight {
  private readonly byId = new Map<string | number, CallAbort>();

  /** The signal of a call starting; `end` it when answered. */
  start(id: string | number): CallAbort {
    const signal = new CallAbort();
    this.byId.set(id, signal);
    return signal;
  }

  end(id: string | number, signal: CallAbort): void {
    if (this.byId.get(id) === signal) this.byId.delete(id);
  }

  /** If `message` is a `notifications/cancelled` naming a call in flight here, aborts that call. */
  cancel(message: unknown): void {
    if (this.byId.size === 0 || !isCancellation(message)) return;
    const id = message.params.requestId;
    const signal = this.byId.get(id);
    if (signal === undefined) return;
    this.byId.delete(id);
    signal.abort();
  }

  abortAll(): void {
    const signals = [...this.byId.values()];
    this.byId.clear();
    for (const signal of signals) signal.abort();
  }
}

function isCancellation(message: unknown): message is { params: { requestId: string | number } } {
  if (typeof message !== 'object' || message === null) return false;
  const { method, params } = message as { method?: unknown; params?: unknown };
  if (method !== 'notifications/cancelled' || typeof params !== 'object' || params === null) return false;
  const id = (params as { requestId?: unknown }).requestId;
  return typeof id === 'string' || typeof id === 'number';
}
