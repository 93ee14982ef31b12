import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Api, Caller } from '@switchboard/protocol';
import { PROTOCOL_VERSION } from '@switchboard/protocol';
import { callTool, toolsFor } from './tools';

/** One MCP server bound to one caller: the tools it lists and runs are that caller's. */
export function createMcpServer(api: Api, caller: Caller): Server {
  const server = new Server(
    { name: 'switchboard', version: `0.1.0+protocol.${PROTOCOL_VERSION}` },
    { capabilities: { tools: {} }, instructions: 'Switchboard coordinates a fleet of coding agents: list and spawn agents.' },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: toolsFor(caller).map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => callTool(api, caller, request.params.name, request.params.arguments));
  return server;
}
