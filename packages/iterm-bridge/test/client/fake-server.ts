import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

/** What a scripted server does with one request frame: bytes to send back (or nothing). */
export type Answer = (frame: Uint8Array, socket: WebSocket) => void;

/**
 * A test-only WebSocket server on a unix socket that records the upgrade requests and the frames it
 * gets, and answers with whatever the test scripts. Written here from the spec, not taken from the sim.
 */
export class FakeITerm2Server {
  readonly upgrades: IncomingMessage[] = [];
  readonly frames: Uint8Array[] = [];
  answer: Answer = () => undefined;
  protocolVersion: string | undefined = '1.17';
  private constructor(
    readonly socketPath: string,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly folder: string,
  ) {}

  static async start(): Promise<FakeITerm2Server> {
    const folder = mkdtempSync(join(tmpdir(), 'sb-fake-iterm-'));
    const socketPath = join(folder, 'socket');
    const http = createServer();
    const wss = new WebSocketServer({
      server: http,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has('api.iterm2.com') ? 'api.iterm2.com' : false),
    });
    const server = new FakeITerm2Server(socketPath, http, wss, folder);
    wss.on('headers', (headers, request) => {
      server.upgrades.push(request);
      if (server.protocolVersion !== undefined)
        headers.push(`X-iTerm2-Protocol-Version: ${server.protocolVersion}`);
    });
    wss.on('connection', (socket) => {
      socket.on('message', (data: Buffer, isBinary) => {
        if (!isBinary) return;
        const frame = new Uint8Array(data);
        server.frames.push(frame);
        server.answer(frame, socket);
      });
    });
    await new Promise<void>((resolve) => http.listen(socketPath, resolve));
    return server;
  }

  /** The server's ends of the open connections. */
  get clients(): WebSocket[] {
    return [...this.wss.clients];
  }

  /** Drops every client connection abruptly. */
  dropClients(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  async close(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** Reads the request id (field 1) of a client frame. */
export function requestId(frame: Uint8Array): bigint {
  if (frame[0] !== 0x08) throw new Error('frame does not start with an id');
  let value = 0n;
  for (let i = 1, shift = 0n; i < frame.length; i++, shift += 7n) {
    value |= BigInt(frame[i]! & 0x7f) << shift;
    if ((frame[i]! & 0x80) === 0) return value;
  }
  throw new Error('truncated id');
}

export function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

/** `08 <id>` followed by the rest of a server message given as hex (without its id). */
export const withId = (id: bigint, restHex: string) =>
  new Uint8Array([0x08, ...varint(id), ...Buffer.from(restHex.replace(/\s+/g, ''), 'hex')]);
