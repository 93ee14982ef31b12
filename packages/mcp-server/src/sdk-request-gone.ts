import type { ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The SDK's server aborts a request handler's signal when the client cancels the request (`notifications/cancelled`) or
 * the session's transport closes, not when the HTTP response that carries the request closes unanswered: here that is
 * told to the session as the client's own cancellation, so a tool call waiting in core (a long-poll) ends at once.
 */
export function cancelWhenResponseCloses(
  session: { onmessage?: ((message: JSONRPCMessage) => void) | undefined },
  response: ServerResponse,
  body: unknown,
): void {
  const id = requestId(body);
  if (id === undefined) return;
  response.once('close', () => {
    if (response.writableFinished) return;
    session.onmessage?.({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: id, reason: 'The client closed its connection' },
    });
  });
}

/** The id of a JSON-RPC request (a message with a method and an id); notifications and answers have none to cancel. */
function requestId(body: unknown): string | number | undefined {
  if (typeof body !== 'object' || body === null || !('method' in body) || !('id' in body)) return undefined;
  const id = (body as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}
