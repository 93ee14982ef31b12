// What serving MCP takes from the SDK (its transports, request schemas and our server over it), in a module of its
// own: the host loads it when the first MCP request or socket connection arrives (loadSdkServer), not at its start.
// The SDK's schemas and its own copy of zod cost a host's start ~80 ms of CPU, and a host no agent or MCP client
// talks to (most e2e specs', the UI's alone) never needs them.
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
export { isInitializeRequest, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
export { createMcpServer } from './mcp-server';
