import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Api, Caller } from '@switchboard/protocol';
import { z } from 'zod';
import { MAX_MCP_BODY_BYTES } from './http-endpoint';
import { loadSdkServer, type SdkServer } from './load-sdk-server';
import { MCP_SESSIONS_PER_CALLER } from './mcp-sessions';
import { sdkLoadFailureReporter, sdkUnavailableAnswers } from './sdk-unavailable';
import { boundedAnswers, readSocketLines } from './socket-lines';

/** The first line a relay sends: its token, nothing else. */
const Hello = z.object({ token: z.string().min(1).max(1024) }).strict();
const MAX_HELLO_BYTES = 2048;
/** How long a peer has to send its token line, and how many may be that far at once (the oldest is closed past it). */
export const HELLO_TIMEOUT_MS = 10_000;
export const MAX_AWAITING_HELLO = 256;
/** A unix socket path longer than this does not fit `sockaddr_un` on macOS (104) or Linux (108). */
export const MAX_SOCKET_PATH_BYTES = 103;

export interface McpSocketOptions {
  api: Api;
  /** Who a token belongs to; the token alone decides the caller, as on HTTP. */
  authenticate(token: string): Caller | undefined;
  /** Where to listen: a path inside the host's 0700 data folder. */
  path: string;
  /** Plain tool calls answered by the endpoint itself, as on HTTP (default on; SWITCHBOARD_MCP_DIRECT). */
  directToolCalls?: boolean;
  /** Loads the SDK's server side (default: `loadSdkServer`, imported on the first connection). */
  loadSdk?: () => Promise<SdkServer>;
  /** Where the endpoint reports what failed with no request to carry it (a failed SDK load: once, not per connection). */
  onError?: (message: string, error: unknown) => void;
  /** How long a peer has to send its token line (default `HELLO_TIMEOUT_MS`). */
  helloTimeoutMs?: number;
  /** Peers that have not sent it yet, at most (default `MAX_AWAITING_HELLO`); past that the oldest is closed. */
  maxAwaitingHello?: number;
}

interface Connection {
  socket: Socket;
  caller: Caller;
  token: string;
  openedAt: number;
}

const callerKey = (caller: Caller) => `${caller.kind}:${caller.id}`;

/**
 * The local MCP channel `switchboard mcp` relays to: a unix socket (0600, in the 0700 data folder)
 * carrying MCP's stdio framing (one JSON-RPC message per line), one long-lived connection per relay,
 * instead of an HTTP request per message. The first line is `{"token": "…"}`; the host answers
 * `{"ok":true}` and from then on the connection is an MCP session bound to that token's caller, or
 * `{"ok":false,"message":…}` and closes. A line over 1 MiB closes the connection (as HTTP's body cap);
 * a caller holds at most 16 connections (its oldest is closed); a revoked token's connections close. A peer that
 * sends no token line within 10 s is closed, and at most 256 peers wait to send it (the oldest is closed past that).
 * Plain tool calls are answered without the SDK, as on HTTP (`readSocketLines`).
 */
export async function listenMcpSocket(options: McpSocketOptions) {
  const connections = new Set<Connection>();
  const awaitingHello = new Set<Socket>();
  const server = createServer((socket) => accept(socket));

  function accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    awaitingHello.add(socket);
    const helloTimer = setTimeout(() => socket.destroy(), options.helloTimeoutMs ?? HELLO_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(helloTimer);
      awaitingHello.delete(socket);
    };
    socket.once('close', settle);
    if (awaitingHello.size > (options.maxAwaitingHello ?? MAX_AWAITING_HELLO)) {
      const oldest = awaitingHello.values().next().value as Socket;
      awaitingHello.delete(oldest);
      oldest.destroy();
    }
    let hello = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      hello = Buffer.concat([hello, chunk]);
      const end = hello.indexOf(0x0a);
      if (end < 0) {
        if (hello.length > MAX_HELLO_BYTES) refuse(socket, 'The first line must be {"token": "…"} and short');
        return;
      }
      socket.off('data', onData);
      settle();
      socket.pause();
      const rest = hello.subarray(end + 1);
      const parsed = Hello.safeParse(parseJson(hello.subarray(0, end).toString('utf8')));
      const caller = parsed.success ? options.authenticate(parsed.data.token) : undefined;
      if (!parsed.success || !caller)
        return refuse(socket, 'A valid Switchboard token is required (SWITCHBOARD_TOKEN).');
      open(socket, { socket, caller, token: parsed.data.token, openedAt: Date.now() }, rest);
    };
    socket.on('data', onData);
  }

  function open(socket: Socket, connection: Connection, rest: Buffer): void {
    const mine = [...connections]
      .filter((c) => callerKey(c.caller) === callerKey(connection.caller))
      .sort((a, b) => a.openedAt - b.openedAt);
    for (const old of mine.slice(0, Math.max(0, mine.length + 1 - MCP_SESSIONS_PER_CALLER)))
      old.socket.destroy();
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
    socket.write('{"ok":true}\n');
    // The socket stays paused until the session is ready: its lines wait, as they wait for the server to connect.
    (options.loadSdk ?? loadSdkServer)().then(
      (server) => serve(server, socket, connection, rest),
      (error: unknown) => unavailable(socket, connection, rest, error),
    );
  }

  const reportLoadFailure = sdkLoadFailureReporter(options.onError, 'unix socket');
  /** No SDK: the connection stays open and each request is answered with the reason (the client would wait). */
  function unavailable(socket: Socket, connection: Connection, rest: Buffer, error: unknown): void {
    reportLoadFailure(error);
    if (socket.destroyed) return;
    readSocketLines(socket, rest, {
      api: options.api,
      caller: connection.caller,
      direct: false,
      sdk: sdkUnavailableAnswers(socket, error),
      maxLineBytes: MAX_MCP_BODY_BYTES,
      onError: options.onError,
    });
    socket.resume();
  }

  function serve(server: SdkServer, socket: Socket, connection: Connection, rest: Buffer): void {
    if (socket.destroyed) return;
    // Lines the endpoint does not answer itself reach the SDK's transport through `sdk`; its answers go to the socket.
    const sdk = new PassThrough();
    const answers = boundedAnswers(socket, MAX_MCP_BODY_BYTES);
    const transport = new server.StdioServerTransport(sdk, answers, { maxBufferSize: MAX_MCP_BODY_BYTES });
    transport.onclose = () => socket.destroy();
    // The socket is already gone: closing its transport can only fail on that socket, nothing to answer.
    socket.once('close', () => void transport.close().catch(() => undefined));
    server
      .createMcpServer(options.api, connection.caller, options.onError)
      .connect(transport)
      .then(
        () => {
          readSocketLines(socket, rest, {
            api: options.api,
            caller: connection.caller,
            direct: options.directToolCalls ?? true,
            sdk,
            maxLineBytes: MAX_MCP_BODY_BYTES,
            onError: options.onError,
          });
          socket.resume();
        },
        () => socket.destroy(),
      );
  }

  if (Buffer.byteLength(options.path) > MAX_SOCKET_PATH_BYTES)
    throw new Error(`The MCP socket path is too long for a unix socket: ${options.path}`);
  rmSync(options.path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(options.path, 0o600);

  return {
    path: options.path,
    /** Closes at once every connection opened with a token that no longer authenticates. */
    dropRevoked(): void {
      for (const connection of connections)
        if (!options.authenticate(connection.token)) connection.socket.destroy();
    },
    get connectionCount(): number {
      return connections.size;
    },
    async close(): Promise<void> {
      for (const connection of connections) connection.socket.destroy();
      for (const socket of awaitingHello) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(options.path, { force: true });
    },
  };
}

export type McpSocketEndpoint = Awaited<ReturnType<typeof listenMcpSocket>>;

/** A refused peer gets the reason and the end; one that keeps its side open is cut this much later. */
const REFUSED_GRACE_MS = 1_000;

function refuse(socket: Socket, message: string): void {
  socket.end(JSON.stringify({ ok: false, message }) + '\n');
  setTimeout(() => socket.destroy(), REFUSED_GRACE_MS).unref();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
