import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { bearerTokenOf } from '@switchboard/protocol';

/**
 * How long and how many connections a client may hold before it has said what it wants. Local agents run on this
 * machine; a buggy or hostile one opening thousands of half-sent requests (slow-loris) must not keep the human's
 * calls waiting for file descriptors.
 */
export interface ConnectionLimits {
  /** Time to send the request line and headers. */
  headersTimeoutMs: number;
  /**
   * Time to send the whole request (headers and body, ≤ 1 MiB). The answer may take as long as it needs: a
   * `message_receive` long-poll, an SSE stream or an upgraded WebSocket is not cut.
   */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** How often Node looks for connections past those times (its default, 30 s, would let them live 30 s longer). */
  checkIntervalMs: number;
  /** Connections that have not sent a complete first request yet; past this many the oldest of them is closed. */
  maxAwaitingFirstRequest: number;
  /** After an answer sent before its request's body was read (a 401, a 413), how long the client has to close. */
  unreadBodyGraceMs: number;
  /** Requests of one bearer token whose bodies are still arriving; past this many a new one is answered 429. */
  maxUnfinishedBodiesPerToken: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxAwaitingFirstRequest: 256,
  unreadBodyGraceMs: 1_000,
  maxUnfinishedBodiesPerToken: 32,
};

/** Options for `http.createServer`: Node's own timers, checked every `checkIntervalMs`. */
export function boundedServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
}

/** Every bound below on one server (created with `boundedServerOptions`). */
export function boundConnections(server: Server, limits: ConnectionLimits): void {
  capConnectionsAwaitingRequest(server, limits.maxAwaitingFirstRequest);
  endConnectionsLeftUnread(server, limits.unreadBodyGraceMs);
}

/**
 * Ends the connection of a request answered before its body was read (a missing token, a body too large) instead of
 * reading the rest of the body to reuse the connection: a client dripping a long body without a token would hold it
 * for the whole request time. The client gets the answer and its end; one that does not close within `graceMs` is
 * cut.
 */
export function endConnectionsLeftUnread(server: Server, graceMs: number): void {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    response.once('finish', () => {
      if (request.complete) return;
      const socket = request.socket;
      socket.end();
      setTimeout(() => socket.destroy(), graceMs).unref();
    });
  });
}

/**
 * Closes the oldest connection still waiting for its first request once more than `max` wait. A real client sends
 * its request as soon as it connects, so the ones closed are those that hold a connection without asking anything.
 */
export function capConnectionsAwaitingRequest(server: Server, max: number): void {
  const awaiting = new Set<Socket>();
  const settle = (socket: Socket) => awaiting.delete(socket);
  server.on('connection', (socket: Socket) => {
    awaiting.add(socket);
    socket.once('close', () => settle(socket));
    if (awaiting.size <= max) return;
    const oldest = awaiting.values().next().value as Socket;
    settle(oldest);
    oldest.destroy();
  });
  server.on('request', (request: { socket: Socket }) => settle(request.socket));
  server.on('upgrade', (request: { socket: Socket }) => settle(request.socket));
}

/**
 * Bounds the requests one bearer token may have sending their bodies at once (`/mcp`, `/hook` read a body once the
 * token is known). The cap on connections before their first request does not hold them: an agent dripping bodies a
 * byte a second could keep as many connections as the host has descriptors for the whole request time (60 s), and the
 * person's calls would find none. Past `max` a new request with a body is answered 429 at once (its connection then
 * ends: `endConnectionsLeftUnread`). Returns false when it answered. Requests without a body or a token pass: the
 * endpoints refuse a missing token before reading anything.
 */
export function unfinishedBodiesPerToken(max: number) {
  const unfinished = new Map<string, number>();
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0;
    const token = bearerTokenOf(request.headers.authorization);
    if (!hasBody || request.complete || token === undefined) return true;
    const count = unfinished.get(token) ?? 0;
    if (count >= max) {
      response.writeHead(429, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      response.end(`More than ${max} requests with this token are still sending their bodies.\n`);
      return false;
    }
    unfinished.set(token, count + 1);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const left = (unfinished.get(token) ?? 1) - 1;
      if (left > 0) unfinished.set(token, left);
      else unfinished.delete(token);
    };
    request.once('end', finish).once('close', finish);
    return true;
  };
}
