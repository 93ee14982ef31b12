import { z } from 'zod';
import { ErrorShape } from './errors';
import { Caller } from './identity';

/** Messages a client sends over a stream transport (WebSocket, IPC). */
export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    name: z.string().min(1).max(128),
    input: z.unknown(),
  }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Messages the host sends over a stream transport. Events are validated by the receiver against SwitchboardEvent. */
export const ServerMessage = z.union([
  z.object({ type: z.literal('hello'), protocolVersion: z.number().int(), caller: Caller }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: ErrorShape }),
  z.object({ type: z.literal('event'), event: z.unknown() }),
  z.object({ type: z.literal('error'), error: ErrorShape }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** WebSocket subprotocols: the contract's, plus one carrying the token (browsers cannot set headers). */
export const WIRE_SUBPROTOCOL = 'switchboard.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'switchboard.token.';
/** The token of an `Authorization: Bearer …` header (how HTTP callers of the host carry theirs), trimmed; undefined without one. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  return /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]?.trim();
}
/** Path of the API WebSocket on the host. */
export const API_PATH = '/api';
/** Path of the MCP endpoint on the host. */
export const MCP_PATH = '/mcp';
/** Where a hook's JSON is posted as the agent (`switchboard hook`, and relays on machines without Switchboard). */
export const HOOK_PATH = '/hook';
/** The same for Codex's notify payload. */
export const CODEX_HOOK_PATH = '/hook/codex';
/**
 * How long Codex waits for Switchboard's MCP server to start before it goes on without its tools (s; Codex's
 * default is 10, which a host or relay answering late on a loaded machine can miss). Written into the Codex
 * arguments of the agents Switchboard spawns and into `switchboard mcp-config codex`.
 */
export const CODEX_STARTUP_TIMEOUT_SEC = 60;
