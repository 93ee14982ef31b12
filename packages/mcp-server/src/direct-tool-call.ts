import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api, CallOptions, Caller } from '@switchboard/protocol';
import type { CallsInFlight } from './calls-in-flight';
import { isRequestId } from './jsonrpc-envelope';
import { abortWhenResponseCloses } from './response-gone';
import { callToolJson } from './tools';

/** A `tools/call` request in the one shape the endpoint answers itself. */
export interface PlainToolCall {
  id: string | number;
  name: string;
  args: Record<string, unknown> | undefined;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const PARAM_KEYS = new Set(['name', 'arguments', '_meta']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The request, if it is an ordinary `tools/call` on an open session: POST, the Accept and Content-Type
 * the Streamable HTTP transport requires, a supported (or absent) `mcp-protocol-version`, a safe-integer or
 * string id, params of `name`, `arguments` (an object) and `_meta` only. Anything else — a task-augmented
 * call, a notification, another method, an odd header — is left to the SDK, which also has the error
 * answers for it. The body is already one JSON-RPC 2.0 message (the endpoint refuses anything else).
 * `supportedVersions`: the SDK's SUPPORTED_PROTOCOL_VERSIONS (loaded with it, see sdk-server.ts).
 */
export function plainToolCall(
  request: IncomingMessage,
  body: unknown,
  supportedVersions: readonly string[],
): PlainToolCall | undefined {
  if (request.method !== 'POST') return undefined;
  const accept = request.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) return undefined;
  const version = request.headers['mcp-protocol-version'];
  if (version !== undefined && !supportedVersions.includes(version as string)) return undefined;
  return plainToolCallMessage(body);
}

/**
 * The JSON-RPC message, if it is an ordinary `tools/call`: a string or safe-integer id, params of `name`,
 * `arguments` (an object) and `_meta` only. Whatever the channel (an HTTP body, a line on the socket).
 */
export function plainToolCallMessage(body: unknown): PlainToolCall | undefined {
  if (!isPlainObject(body) || body['method'] !== 'tools/call' || body['jsonrpc'] !== '2.0') return undefined;
  const id = body['id'];
  if (!isRequestId(id)) return undefined;
  const params = body['params'];
  if (!isPlainObject(params) || typeof params['name'] !== 'string') return undefined;
  for (const key of Object.keys(params)) if (!PARAM_KEYS.has(key)) return undefined;
  const args = params['arguments'];
  if (args !== undefined && !isPlainObject(args)) return undefined;
  if (params['_meta'] !== undefined && !isPlainObject(params['_meta'])) return undefined;
  return { id, name: params['name'], args };
}

/**
 * The JSON-RPC answer to a plain tool call: the result the SDK server's `callTool` gives, the same bytes as
 * `JSON.stringify({ jsonrpc, id, result })`, with the tool's output serialized once (see callToolJson).
 */
export async function toolCallAnswer(
  api: Api,
  caller: Caller,
  call: PlainToolCall,
  options?: CallOptions,
): Promise<string> {
  const result = await callToolJson(api, caller, call.name, call.args, options);
  return `{"jsonrpc":"2.0","id":${JSON.stringify(call.id)},"result":${result}}`;
}

/**
 * Answers a plain `tools/call` as the SDK's server would (the same `callTool`, so the same result and
 * the same tool errors), as one `application/json` response — which the Streamable HTTP spec lets a
 * server choose for any request — without the SDK's per-call work around it: converting the Node
 * request to a web-standard Request and back, zod-parsing the JSON-RPC envelope, the request and the
 * result again, and an SSE stream for a single message. Tool calls need nothing of the session beyond
 * its caller: no progress, no server-to-client requests.
 */
export async function answerToolCall(
  api: Api,
  caller: Caller,
  session: { id: string; calls: CallsInFlight },
  call: PlainToolCall,
  response: ServerResponse,
): Promise<void> {
  // The client gone before the answer (a dropped connection) or cancelling the call: its wait, if any, ends at once.
  const signal = session.calls.start(call.id);
  abortWhenResponseCloses(response, signal);
  let json: string;
  try {
    json = await toolCallAnswer(api, caller, call, { signal });
  } finally {
    session.calls.end(call.id, signal);
  }
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    'mcp-session-id': session.id,
  });
  response.end(json);
}
