// The client side of the MCP endpoint (the stdio relay and the one-shot host client), importable without
// loading the server, its tools and core: what the short-lived `switchboard mcp` / `mcp-config` need.
export { bridgeStdioToHttp } from './stdio-bridge';
export { callHostTool } from './host-client';
export { relayStdioToSocket } from './socket-relay';
export { fetchWithScopedAbort } from './scoped-abort-fetch';
