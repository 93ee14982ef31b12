import { SwitchboardError } from '../errors';
import { SwitchboardEvent } from '../events/index';
import type { ConnectionStatus, Transport } from '../transport';
import { API_PATH, ServerMessage, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '../wire';
import { callMessage } from '../wire-call';
import { Emitter } from '../emitter';

/** The contract's lib has no runtime types; the browser and Node both have these timers and a console. */
const runtime = globalThis as unknown as {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  queueMicrotask(run: () => void): void;
  console?: { error(...values: unknown[]): void };
};

/** Accepts the DOM's handler types and the `ws` package's alike (both pass an event with more fields). */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** What the transport needs of a WebSocket: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onerror: Handler<{ message?: string }> | null;
  onclose: Handler<unknown> | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** The API's `ws:`/`wss:` URL; `apiUrl(hostUrl)` derives it from the host's http URL. */
  url: string;
  token: string;
  /** The browser's WebSocket by default; in Node pass the `ws` package's. */
  WebSocketImpl?: WebSocketConstructor;
  /** Reconnect after a lost link (the UI); off for one-shot callers (a hook, a CLI command). */
  reconnect?: boolean;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
  /**
   * Gets what a listener (`subscribe`, `onStatus`) threw, with the event's type or `status`; the other listeners
   * still get the value. Default: the console's error line (the browser's log), never dropped.
   */
  onListenerError?: (error: unknown, event: string) => void;
}

/** The API's WebSocket URL from the host's http(s) URL or origin (`http://127.0.0.1:7` → `ws://127.0.0.1:7/api`). */
export function apiUrl(hostUrl: string): string {
  const match = /^http(s?):\/\/([^/?#]+)/.exec(hostUrl.trim());
  if (!match) throw new SwitchboardError('invalid_input', `Not a host URL: ${hostUrl.slice(0, 200)}`);
  return `ws${match[1]}://${match[2]}${API_PATH}`;
}

/**
 * The contract over the host's WebSocket, for the browser and for Node. Reconnects by itself with
 * backoff unless told not to; calls made while the link is down fail at once with `unavailable`
 * (never hang); listeners see the status change.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): Required<Transport> {
  const Impl = options.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Impl)
    throw new SwitchboardError(
      'internal',
      'No WebSocket implementation: pass WebSocketImpl (the `ws` package in Node)',
    );
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const listenerFailed = options.onListenerError ?? consoleListenerError;
  const events = new Emitter<SwitchboardEvent>((error, event) => listenerFailed(error, event.type));
  const statuses = new Emitter<ConnectionStatus>((error) => listenerFailed(error, 'status'));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let socket: WebSocketLike | undefined;
  let status: ConnectionStatus = 'connecting';
  let lastProblem = '';
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let retryTimer: unknown;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    statuses.emit(next);
  };

  const onMessage = (data: unknown) => {
    const parsed = ServerMessage.safeParse(safeJson(String(data)));
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'hello') {
      attempt = 0;
      setStatus('open');
    } else if (message.type === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.output);
      else call.reject(SwitchboardError.fromShape(message.error));
    } else if (message.type === 'event') {
      const event = SwitchboardEvent.safeParse(message.event);
      if (event.success) events.emit(event.data);
    }
  };

  const connect = () => {
    setStatus('connecting');
    const ws = new Impl(options.url, [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + options.token]);
    socket = ws;
    ws.onmessage = (message) => onMessage(message.data);
    ws.onerror = (error) => {
      if (typeof error.message === 'string' && error.message) lastProblem = error.message;
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const call of pending.values())
        call.reject(new SwitchboardError('unavailable', 'The connection to Switchboard was lost'));
      pending.clear();
      setStatus('closed');
      if (closed || options.reconnect === false) return;
      const delay = Math.min(maxBackoff, 250 * 2 ** attempt++);
      retryTimer = runtime.setTimeout(connect, delay);
    };
  };
  connect();

  return {
    invoke(name, input) {
      if (!socket || status !== 'open') {
        const why =
          status === 'closed' && lastProblem
            ? `Not connected to Switchboard (${lastProblem})`
            : 'Not connected to Switchboard';
        return Promise.reject(
          new SwitchboardError('unavailable', why, {
            hint: 'It reconnects by itself; try again in a moment.',
          }),
        );
      }
      const id = nextId++;
      const ws = socket;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify(callMessage(id, name, input)));
      });
    },
    subscribe: (listener) => events.on(listener),
    onStatus(listener) {
      const off = statuses.on(listener);
      try {
        listener(status);
      } catch (error) {
        listenerFailed(error, 'status');
      }
      return off;
    },
    close() {
      closed = true;
      runtime.clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/**
 * Resolves once the transport's link is open; rejects with `unavailable` if it closes first or after
 * `timeoutMs`. For one-shot callers that must not wait on a reconnect loop.
 */
export function whenOpen(transport: Transport, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let off = () => undefined as unknown;
    const finish = (error?: SwitchboardError) => {
      runtime.clearTimeout(timer);
      runtime.queueMicrotask(() => off());
      if (error) reject(error);
      else resolve();
    };
    const timer = runtime.setTimeout(
      () => finish(new SwitchboardError('unavailable', `No answer from Switchboard within ${timeoutMs} ms`)),
      timeoutMs,
    );
    off =
      transport.onStatus?.((status) => {
        if (status === 'open') finish();
        else if (status === 'closed')
          finish(new SwitchboardError('unavailable', 'Switchboard closed the connection'));
      }) ?? off;
  });
}

function consoleListenerError(error: unknown, event: string): void {
  runtime.console?.error('a listener threw', { component: 'websocket-transport', event, err: error });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
