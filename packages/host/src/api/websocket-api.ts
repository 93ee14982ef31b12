import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ClientMessage, MCP_PATH, PROTOCOL_VERSION, SwitchboardError, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL, invalidInput, toSwitchboardError,
} from '@switchboard/protocol';
import type { Api, Caller, ServerMessage } from '@switchboard/protocol';
import { ScreenSubscriptions } from './screen-subscriptions';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The contract over WebSocket. The token travels as a subprotocol (browsers cannot set headers and a
 * URL query would end up in history); the caller it names is fixed for the connection.
 */
export class WebSocketApi {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WIRE_SUBPROTOCOL) ? WIRE_SUBPROTOCOL : false),
  });

  constructor(private readonly api: Api, private readonly authenticate: (token: string) => Caller | undefined) {}

  /** Upgrades an HTTP request already checked for Host/Origin; refuses a missing or wrong token with 401. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    const caller = token ? this.authenticate(token) : undefined;
    if (!caller) return refuse(socket, 401, 'A valid token is required (the UI URL printed at start carries it).');
    // The API is the human's (the UI, the desktop shell, scripts run with the human's token); agents use /mcp.
    if (caller.kind !== 'human') return refuse(socket, 403, `An agent token is not accepted here; agents call Switchboard through ${MCP_PATH}.`);
    if (!offered.includes(WIRE_SUBPROTOCOL)) return refuse(socket, 400, `Subprotocol "${WIRE_SUBPROTOCOL}" is required.`);
    this.server.handleUpgrade(request, socket, head, (ws) => this.serve(ws, caller));
  }

  close(): void {
    for (const client of this.server.clients) client.close(1001, 'host shutting down');
    this.server.close();
  }

  private serve(ws: WebSocket, caller: Caller): void {
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, caller });
    const screens = new ScreenSubscriptions(this.api, caller);
    const unsubscribe = this.api.subscribe((event) => {
      if (screens.admits(event)) send({ type: 'event', event });
    }, caller);
    ws.on('close', () => {
      unsubscribe();
      void screens.close();
    });
    ws.on('message', async (data, isBinary) => {
      const message = parse(isBinary ? undefined : data.toString());
      if (!message.success) {
        send({ type: 'error', error: message.error.toShape() });
        return;
      }
      const { id, name, input } = message.data;
      try {
        const output = await screens.invoke(name, input);
        send({ type: 'result', id, ok: true, output });
      } catch (error) {
        send({ type: 'result', id, ok: false, error: toSwitchboardError(error).toShape() });
      }
    });
  }
}

function parse(text: string | undefined): { success: true; data: ClientMessage } | { success: false; error: SwitchboardError } {
  if (text === undefined) return { success: false, error: new SwitchboardError('invalid_input', 'Binary frames are not part of the protocol; send JSON text') };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { success: false, error: new SwitchboardError('invalid_input', 'The message is not valid JSON') };
  }
  const parsed = ClientMessage.safeParse(json);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: invalidInput('message', parsed.error) };
}

function refuse(socket: Duplex, status: number, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 421 ? 'Misdirected Request' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
}

export { refuse as refuseUpgrade };
