// The endpoints a host serves MCP on (HTTP at /mcp, the unix socket `switchboard mcp` relays to), importable without
// the index's clients and SDK server: both load the SDK's server side when the first request or connection arrives
// (sdk-server.ts), so a host's start does not pay for it.
export { createMcpEndpoint, MAX_MCP_BODY_BYTES } from './http-endpoint';
export type { McpEndpoint, McpEndpointOptions } from './http-endpoint';
export { listenMcpSocket, MAX_SOCKET_PATH_BYTES } from './socket-endpoint';
export type { McpSocketEndpoint, McpSocketOptions } from './socket-endpoint';
export { warmMcpServer } from './load-sdk-server';
