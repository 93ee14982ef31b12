import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerTokenOf, type Api, type Caller } from '@switchboard/protocol';
import { abortListenerFailed, CallsInFlight } from './calls-in-flight';
import { answerToolCall, plainToolCall } from './direct-tool-call';
import { envelopeProblem, unidentifiedError } from './jsonrpc-envelope';
import { loadSdkServer, type SdkServer } from './load-sdk-server';
import { cancelWhenResponseCloses } from './sdk-request-gone';
import { sdkLoadFailureReporter, sdkUnavailableMessage } from './sdk-unavailable';
import {
  MCP_SESSION_IDLE_MS,
  MCP_SESSIONS_PER_CALLER,
  McpSessions,
  type McpSessionLimits,
} from './mcp-sessions';
import { MAX_STREAM_BACKLOG_BYTES, StreamBacklog } from './stream-backlog';

export const MAX_MCP_BODY_BYTES = 1024 * 1024;

export interface McpEndpointOptions {
  api: Api;
  /** Who a bearer token belongs to; the token alone decides the caller. */
  authenticate(token: string): Caller | undefined;
  /** Session idle time-out, per-caller cap and clock (defaults: 30 min, 16, Date.now). */
  sessionLimits?: Partial<McpSessionLimits>;
  /**
   * Plain `tools/call` requests answered by the endpoint itself as one JSON response (default), not
   * through the SDK's transport and server: see direct-tool-call.ts. `false`: every request goes through the SDK.
   */
  directToolCalls?: boolean;
  /** Loads the SDK's server side (default: `loadSdkServer`, imported on the first authenticated request). */
  loadSdk?: () => Promise<SdkServer>;
  /** Where the endpoint reports what failed with no request to carry it (a failed SDK load: once, not per request). */
  onError?: (message: string, error: unknown) => void;
  /** Notifications a session's GET stream may hold unread before it is cut (default `MAX_STREAM_BACKLOG_BYTES`). */
  streamBacklogBytes?: number;
}

/**
 * Streamable HTTP MCP at `/mcp`. The host checks Host/Origin first; here: bearer token, body size,
 * one MCP session per initialize, each bound to the caller (and token) that opened it, bounded by
 * `McpSessions` (idle time-out, per-caller cap, closed when its token is revoked).
 */
export function createMcpEndpoint(options: McpEndpointOptions) {
  const limits: McpSessionLimits = {
    idleMs: MCP_SESSION_IDLE_MS,
    perCaller: MCP_SESSIONS_PER_CALLER,
    now: Date.now,
    ...options.sessionLimits,
  };
  const sessions = new McpSessions(limits);
  const direct = options.directToolCalls ?? true;
  const sweeper = setInterval(() => sessions.sweep(), Math.min(60_000, limits.idleMs));
  sweeper.unref();
  /** The SDK's server side, once the first authenticated request has loaded it (sdk-server.ts). */
  let sdk: SdkServer | undefined;
  const reportLoadFailure = sdkLoadFailureReporter(options.onError, 'HTTP');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const token = bearerTokenOf(request.headers.authorization);
    const caller = token ? options.authenticate(token) : undefined;
    if (!token || !caller)
      return jsonError(response, 401, -32001, 'A valid bearer token is required (Authorization: Bearer …).', {
        'www-authenticate': 'Bearer',
      });

    const sessionId = header(request, 'mcp-session-id');
    let body: unknown;
    if (request.method === 'POST') {
      const read = await readJson(request);
      if (read.error) return jsonError(response, read.status, read.code, read.error);
      body = read.value;
      const malformed = envelopeProblem(body);
      if (malformed) return jsonError(response, 400, -32600, malformed);
    }
    let server: SdkServer;
    try {
      server = sdk ??= await (options.loadSdk ?? loadSdkServer)();
    } catch (error) {
      reportLoadFailure(error);
      return jsonError(response, 500, -32603, sdkUnavailableMessage(error));
    }

    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session)
        return jsonError(response, 404, -32001, 'Unknown or expired MCP session; initialize again.');
      if (session.caller.kind !== caller.kind || session.caller.id !== caller.id) {
        return jsonError(response, 403, -32001, 'This MCP session belongs to another caller.');
      }
      const end = sessions.begin(session);
      response.once('close', end);
      if (request.method === 'GET') session.backlog.attach(response);
      try {
        const call = direct ? plainToolCall(request, body, server.SUPPORTED_PROTOCOL_VERSIONS) : undefined;
        // A client's notifications/cancelled for a call answered here (the SDK knows only its own calls).
        if (request.method === 'POST') session.calls.cancel(body);
        if (call) await answerToolCall(options.api, caller, session, call, response);
        else {
          cancelWhenResponseCloses(session.transport, response, body);
          await session.transport.handleRequest(request, response, body);
        }
      } finally {
        // A GET stream stays open after handleRequest returns: 'close' ends it then.
        if (response.writableEnded) end();
      }
      return;
    }
    if (request.method !== 'POST' || !server.isInitializeRequest(body)) {
      return jsonError(
        response,
        400,
        -32600,
        'Start with an initialize request (no mcp-session-id header yet).',
      );
    }
    const backlog = new StreamBacklog(options.streamBacklogBytes ?? MAX_STREAM_BACKLOG_BYTES);
    const transport: StreamableHTTPServerTransport = new server.StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) =>
        sessions.add({
          id,
          transport,
          caller,
          token,
          lastUsedAt: limits.now(),
          active: 0,
          backlog,
          calls: new CallsInFlight(abortListenerFailed(options.onError)),
        }),
    });
    // Messages outside a request's answer (notifications) go to the GET stream: counted while it does not drain.
    const send = transport.send.bind(transport);
    transport.send = (message, sendOptions) => {
      if (sendOptions?.relatedRequestId === undefined) backlog.sent(message);
      return send(message, sendOptions);
    };
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId);
    };
    await server.createMcpServer(options.api, caller, options.onError).connect(transport);
    await transport.handleRequest(request, response, body);
  }

  return {
    handle,
    /** Closes at once every session opened with a token that no longer authenticates (call after revoking). */
    dropRevoked: () => sessions.dropRevoked(options.authenticate),
    /** Ends every session (the host is stopping). */
    async close(): Promise<void> {
      clearInterval(sweeper);
      await sessions.closeAll();
    },
    get sessionCount() {
      return sessions.size;
    },
  };
}

export type McpEndpoint = ReturnType<typeof createMcpEndpoint>;

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

type ReadJson = { value?: unknown; error?: string; status: number; code: number };

/**
 * The request's body as JSON, refused past MAX_MCP_BODY_BYTES. Read with 'data'/'end' listeners, not
 * `for await` (an async iterator and a promise per chunk: ~4 % of a tool call's host CPU over HTTP).
 */
function readJson(request: IncomingMessage): Promise<ReadJson> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_MCP_BODY_BYTES) return Promise.resolve(tooLarge());
  return new Promise<ReadJson>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: ReadJson) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MCP_BODY_BYTES) return void chunks.push(chunk);
      // The rest is not read: the request is destroyed (and its connection), as `for await` did on return.
      finish(tooLarge());
      request.destroy();
    };
    const onEnd = () => finish(parsed(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    const onError = () => finish(cutShort());
    // Closed before 'end': the body ended before its announced length.
    const onClose = () => finish(cutShort());
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

const tooLarge = (): ReadJson => ({
  error: `Request body over ${MAX_MCP_BODY_BYTES} bytes`,
  status: 413,
  code: -32600,
});
const cutShort = (): ReadJson => ({
  error: 'The request body ended before its announced length',
  status: 400,
  code: -32700,
});

function parsed(body: Buffer): ReadJson {
  try {
    return { value: JSON.parse(body.toString('utf8')), status: 200, code: 0 };
  } catch {
    return { error: 'Parse error: the body is not valid JSON', status: 400, code: -32700 };
  }
}

function jsonError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(unidentifiedError(code, message));
}
