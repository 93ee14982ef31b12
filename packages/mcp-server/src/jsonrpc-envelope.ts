/**
 * An id the MCP SDK takes for a request: a string or a safe integer (its RequestIdSchema, `z.number().int()` of
 * zod 4, refuses integers past 2^53 - 1). JSON-RPC allows any number but says it SHOULD NOT have a fractional part;
 * MCP says a string or an integer. An id past 2^53 is not the id the client sent once parsed (2^53 + 1 reads as
 * 2^53), so it is never echoed back.
 */
export const isRequestId = (id: unknown): id is string | number =>
  typeof id === 'string' || Number.isSafeInteger(id);

/**
 * Why a parsed message is not one JSON-RPC 2.0 message MCP takes, or undefined when it is: refused by the endpoint
 * on `/mcp` (400) and on `mcp.sock` (a line back) alike, with id null, so every request gets an answer (the SDK's
 * stdio transport drops what it cannot parse without one). MCP 2025-06-18 has no batches.
 */
export function envelopeProblem(message: unknown): string | undefined {
  if (Array.isArray(message))
    return 'Invalid Request: send one JSON-RPC message per request (batches are not supported)';
  if (typeof message !== 'object' || message === null)
    return 'Invalid Request: the body must be a JSON-RPC 2.0 object';
  const fields = message as Record<string, unknown>;
  if (fields['jsonrpc'] !== '2.0') return 'Invalid Request: "jsonrpc" must be "2.0"';
  if (!('method' in fields) && !('result' in fields) && !('error' in fields))
    return 'Invalid Request: no "method"';
  if ('method' in fields && 'id' in fields && !isRequestId(fields['id']))
    return 'Invalid Request: "id" must be a string or an integer within ±(2^53 - 1)';
  return undefined;
}

/** A JSON-RPC error answer to a message whose id could not be taken. */
export const unidentifiedError = (code: number, message: string): string =>
  JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
