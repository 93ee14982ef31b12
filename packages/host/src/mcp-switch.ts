/** The environment variable that turns off the MCP endpoint's own answer to plain tool calls. */
export const MCP_DIRECT_ENV = 'SWITCHBOARD_MCP_DIRECT';

/**
 * Whether `/mcp` answers plain `tools/call` requests itself (one JSON response, no SDK transport on the
 * way): `on` (unset or empty: the default) or `off` (every request through the SDK, as before; for a
 * client that misbehaves with JSON answers, and for the bench's before/after). Anything else is refused.
 */
export function directToolCallsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[MCP_DIRECT_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`${MCP_DIRECT_ENV} must be "on" or "off", not ${JSON.stringify(raw.slice(0, 40))}`);
}
