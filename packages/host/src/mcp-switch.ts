import { envChoice } from './env-values';

/** The environment variable that turns off the MCP endpoint's own answer to plain tool calls. */
export const MCP_DIRECT_ENV = 'SWITCHBOARD_MCP_DIRECT';

/**
 * Whether `/mcp` answers plain `tools/call` requests itself (one JSON response, no SDK transport on the
 * way): `on` (unset or empty: the default) or `off` (every request through the SDK, as before; for a
 * client that misbehaves with JSON answers, and for the bench's before/after). Anything else is refused.
 */
export function directToolCallsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return envChoice(env, MCP_DIRECT_ENV, ['on', 'off']) !== 'off';
}
