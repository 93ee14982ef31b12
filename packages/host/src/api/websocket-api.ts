import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ClientMessage,
  MCP_PATH,
  PROTOCOL_VERSION,
  SwitchboardError,
  TOKEN_SUBPROTOCOL_PREFIX,
  WIRE_SUBPROTOCOL,
  invalidInput,
  toSwitchboardError,
} from '@switchboard/protocol';
import type { Api, Caller, ServerMessage } from '@switchboard/protocol';
import { ScreenSubscriptions } from './screen-subscriptions';

/** The largest message a client may send (after reassembling fragments); a bigger one closes the socket with 1009. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A client that lets this much of our output pile up unread is dropped rather than let it eat the host's memory. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Calls one connection may have running at once; more are answered `rate_limited` straight away. */
export const MAX_CALLS_IN_FLIGHT = 64;

/** Close codes the API uses beyond RFC 6455's own (1007 bad UTF-8, 1009 too big are sent by ws itself). */
export const CLOSE_TOKEN_REVOKED = 4401;
export const CLOSE_TOO_SLOW = 4408;

interface Connection {
  ws: WebSocket;
  token: string;
}

/**
 * The contract over WebSocket. The token travels as a subprotocol (browsers cannot set headers and a
 * URL query would end up in history); the caller it names is fixed for the connection. Nothing a
 * client sends can throw out of here: protocol errors (oversize, invalid UTF-8, bad framing) close that
 * one socket, bad messages get a typed error.
 */
export class WebSocketApi {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(WIRE_SUBPROTOCOL) ? WIRE_SUBPROTOCOL : false),
  });
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly api: Api,
    private readonly authenticate: (token: string) => Caller | undefined,
  ) {}

  /** Upgrades an HTTP request already checked for Host/Origin; refuses a missing or wrong token with 401. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = offered
      .find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
      ?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    const caller = token ? this.authenticate(token) : undefined;
    if (!token || !caller)
      return refuse(socket, 401, 'A valid token is required (the UI URL printed at start carries it).');
    // The API is the human's (the UI, the desktop shell, scripts run with the human's token); agents use /mcp.
    if (caller.kind !== 'human')
      return refuse(
        socket,
        403,
        `An agent token is not accepted here; agents call Switchboard through ${MCP_PATH}.`,
      );
    if (!offered.includes(WIRE_SUBPROTOCOL))
      return refuse(socket, 400, `Subprotocol "${WIRE_SUBPROTOCOL}" is required.`);
    this.server.handleUpgrade(request, socket, head, (ws) => this.serve({ ws, token }, caller));
  }

  /** Closes every connection whose token no longer authenticates (call after revoking tokens). */
  dropRevoked(): void {
    for (const connection of this.connections) {
      if (!this.authenticate(connection.token)) connection.ws.close(CLOSE_TOKEN_REVOKED, 'token revoked');
    }
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): void {
    for (const client of this.server.clients) client.close(1001, 'host shutting down');
    this.server.close();
  }

  private serve(connection: Connection, caller: Caller): void {
    const { ws } = connection;
    this.connections.add(connection);
    // ws has already closed the socket (1002/1007/1009) when it reports an error; nothing more to do.
    ws.on('error', () => undefined);
    const send = (message: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return void ws.close(CLOSE_TOO_SLOW, 'reading too slowly');
      ws.send(JSON.stringify(message));
    };
    send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, caller });
    const screens = new ScreenSubscriptions(this.api, caller, (event) => send({ type: 'event', event }));
    const unsubscribe = this.api.subscribe((event) => screens.offer(event), caller);
    ws.on('close', () => {
      this.connections.delete(connection);
      unsubscribe();
      void screens.close();
    });
    let inFlight = 0;
    ws.on('message', async (data, isBinary) => {
      const message = parse(isBinary ? undefined : data.toString());
      if (!message.success) {
        send({ type: 'error', error: message.error.toShape() });
        return;
      }
      const { id, name, input } = message.data;
      if (inFlight >= MAX_CALLS_IN_FLIGHT) {
        const busy = new SwitchboardError(
          'rate_limited',
          `More than ${MAX_CALLS_IN_FLIGHT} calls in flight on this connection`,
          { hint: 'Wait for answers before sending more calls.' },
        );
        send({ type: 'result', id, ok: false, error: busy.toShape() });
        return;
      }
      inFlight += 1;
      try {
        const output = await screens.invoke(name, input);
        send({ type: 'result', id, ok: true, output });
      } catch (error) {
        send({ type: 'result', id, ok: false, error: toSwitchboardError(error).toShape() });
      } finally {
        inFlight -= 1;
      }
    });
  }
}

function parse(
  text: string | undefined,
): { success: true; data: ClientMessage } | { success: false; error: SwitchboardError } {
  if (text === undefined)
    return {
      success: false,
      error: new SwitchboardError(
        'invalid_input',
        'Binary frames are not part of the protocol; send JSON text',
      ),
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { success: false, error: new SwitchboardError('invalid_input', 'The message is not valid JSON') };
  }
  const parsed = ClientMessage.safeParse(json);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, error: invalidInput('message', parsed.error) };
}

function refuse(socket: Duplex, status: number, message: string): void {
  const reason =
    status === 401
      ? 'Unauthorized'
      : status === 403
        ? 'Forbidden'
        : status === 404
          ? 'Not Found'
          : status === 421
            ? 'Misdirected Request'
            : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`,
  );
}

export { refuse as refuseUpgrade };
