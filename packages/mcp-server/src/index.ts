export { createMcpEndpoint, MAX_MCP_BODY_BYTES } from './http-endpoint';
export type { McpEndpoint, McpEndpointOptions } from './http-endpoint';
export { createMcpServer } from './mcp-server';
export { callTool, toolsFor } from './tools';
export type { ToolDescriptor, ToolResult } from './tools';
export { TOOL_NAME_PATTERN, toolNameFor } from './tool-names';
