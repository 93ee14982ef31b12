import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ServerResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Api, Caller, SwitchboardEvent } from '@switchboard/protocol';
import { PROTOCOL_VERSION } from '@switchboard/protocol';
import { abortListenerFailed, CallsInFlight } from './calls-in-flight';
import { listResources, readResource, resourceTemplates } from './resources';
import { callTool, listToolsFor, permittedCommands } from './tools';

const INSTRUCTIONS = [
  'Switchboard coordinates a fleet of coding agents running in terminal panes.',
  'Your identity comes from your token: agent_whoami says who you are, your role and what you may call.',
  'Read and type into panes (pane_read, pane_send, pane_keys), wait for agents (pane_waitFor), watch output (pane_watch),',
  'and tell the human what matters (human_notify). Errors carry a stable code and a hint.',
].join(' ');

/**
 * One MCP server bound to one caller: the tools and resources it lists are that caller's, and events
 * addressed to that caller (a watch matched) are pushed to it as log notifications.
 */
export function createMcpServer(
  api: Api,
  caller: Caller,
  onError?: (message: string, error: unknown) => void,
): Server {
  const server = new Server(
    { name: 'switchboard', version: `0.1.0+protocol.${PROTOCOL_VERSION}` },
    { capabilities: { tools: {}, resources: {}, logging: {} }, instructions: INSTRUCTIONS },
  );
  const on = requestHandlers(server);
  on(ListToolsRequestSchema, async () => ({
    tools: (await listToolsFor(api, caller)).map(({ name, description, inputSchema, annotations }) => ({
      name,
      description,
      inputSchema,
      annotations,
    })),
  }));
  // The SDK aborts `extra.signal` when the client cancels the request or the session's transport closes, but keeps one
  // signal an id: a call whose id a later call reused would be missed. Here an aborted id ends every call under it.
  const calls = new CallsInFlight(abortListenerFailed(onError));
  on(CallToolRequestSchema, async (request, extra) => {
    const signal = calls.start(extra.requestId);
    const abortId = () => calls.abortId(extra.requestId);
    if (extra.signal.aborted) abortId();
    else extra.signal.addEventListener('abort', abortId, { once: true });
    try {
      return await callTool(api, caller, request.params.name, request.params.arguments, { signal });
    } finally {
      extra.signal.removeEventListener('abort', abortId);
      calls.end(extra.requestId, signal);
    }
  });
  on(ListResourcesRequestSchema, async () => ({
    resources: await listResources(api, caller, await permittedCommands(api, caller)),
  }));
  on(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: resourceTemplates() }));
  on(ReadResourceRequestSchema, async (request) => readResource(api, caller, request.params.uri));

  const unsubscribe = api.subscribe((event) => {
    // An agent's sessions die with it (its tokens are revoked in the same step).
    if (event.type === 'agent.closed' && caller.kind === 'agent' && event.agentId === caller.id)
      void server.close().catch(() => undefined);
    else void push(server, caller, event);
  }, caller);
  const previousOnClose = server.onclose;
  server.onclose = () => {
    calls.abortAll();
    unsubscribe();
    previousOnClose?.();
  };
  return server;
}

interface RequestSchema<T> {
  shape: { method: { value: string } };
  pick(mask: { method: true }): { loose(): unknown };
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * Registers request handlers whose bad params are answered -32602 "Invalid params" (JSON-RPC) instead of
 * the SDK's -32603 "Internal error": the SDK parses a request with the handler's schema before the
 * handler runs, so handlers are registered under a schema that checks the method only and validate here.
 */
function requestHandlers(server: Server) {
  return <T>(
    schema: RequestSchema<T>,
    handler: (
      request: T,
      extra: { signal: AbortSignal; requestId: string | number },
    ) => Promise<ServerResult>,
  ) => {
    const method = schema.shape.method.value;
    const methodOnly = schema.pick({ method: true }).loose() as typeof ListToolsRequestSchema;
    server.setRequestHandler(methodOnly, async (request: unknown, extra) => {
      const parsed = schema.safeParse(request);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.map(String).join('.') || '(params)'}: ${issue.message}`);
        throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${issues.join('; ')}`);
      }
      return handler(parsed.data, extra);
    });
  };
}

/** Forwards the events meant for this caller; a closed or slow client never breaks the host. */
async function push(server: Server, caller: Caller, event: SwitchboardEvent): Promise<void> {
  const notice = noticeFor(caller, event);
  if (!notice) return;
  try {
    await server.sendLoggingMessage({ level: 'notice', logger: 'switchboard', data: notice });
  } catch {
    // The client went away; its session is cleaned up by the transport.
  }
}

function noticeFor(caller: Caller, event: SwitchboardEvent): Record<string, unknown> | undefined {
  if (event.type === 'pane.matched') {
    const forMe = caller.kind === 'agent' ? event.notifyAgentId === caller.id : event.notifyAgentId === null;
    if (!forMe) return undefined;
    return {
      type: event.type,
      watchId: event.watchId,
      label: event.label,
      paneId: event.paneId,
      agentId: event.agentId,
      line: event.line,
    };
  }
  if (event.type === 'human.notified' && caller.kind === 'human')
    return { type: event.type, notification: event.notification };
  return undefined;
}
