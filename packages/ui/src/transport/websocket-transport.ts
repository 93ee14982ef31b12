import { SwitchboardError, ServerMessage, SwitchboardEvent, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '@switchboard/protocol';
import type { ConnectionStatus, Transport } from '@switchboard/protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface WebSocketTransportOptions {
  url: string;
  token: string;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
  WebSocketImpl?: typeof WebSocket;
}

/**
 * The contract over the host's WebSocket. Reconnects by itself with backoff; calls made while the link
 * is down fail at once with `unavailable` (never hang); listeners see the status change.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const eventListeners = new Set<(event: SwitchboardEvent) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  let socket: WebSocket | undefined;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    statusListeners.forEach((listener) => listener(next));
  };

  const connect = () => {
    setStatus('connecting');
    const ws = new Impl(options.url, [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + options.token]);
    socket = ws;
    ws.onmessage = (message) => {
      const parsed = ServerMessage.safeParse(safeJson(String(message.data)));
      if (!parsed.success) return;
      const data = parsed.data;
      if (data.type === 'hello') {
        attempt = 0;
        setStatus('open');
      } else if (data.type === 'result') {
        const call = pending.get(data.id);
        if (!call) return;
        pending.delete(data.id);
        if (data.ok) call.resolve(data.output);
        else call.reject(SwitchboardError.fromShape(data.error));
      } else if (data.type === 'event') {
        const event = SwitchboardEvent.safeParse(data.event);
        if (event.success) eventListeners.forEach((listener) => listener(event.data));
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const call of pending.values()) call.reject(new SwitchboardError('unavailable', 'The connection to Switchboard was lost'));
      pending.clear();
      setStatus('closed');
      if (closed) return;
      const delay = Math.min(maxBackoff, 250 * 2 ** attempt++);
      retryTimer = setTimeout(connect, delay);
    };
  };
  connect();

  return {
    invoke(name, input) {
      if (!socket || status !== 'open') {
        return Promise.reject(new SwitchboardError('unavailable', 'Not connected to Switchboard', { hint: 'It reconnects by itself; try again in a moment.' }));
      }
      const id = nextId++;
      const ws = socket;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ type: 'call', id, name, input }));
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
