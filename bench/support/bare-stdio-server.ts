// The stdio baseline of bench/mcp.ts: a bare SDK stdio server with the same tool, doing the same work
// (an in-process orchestrator answering `agent.whoami` for one agent) in one hop.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller, type Caller } from '@switchboard/protocol';

const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
// A builder's rights without its rate limit (bursts of 200), as bench/mcp.ts's agent: the bench's thousands of calls
// in a row would be refusals (tool errors) past the burst.
const { roles } = (await orchestrator.invoke(humanCaller, 'role.list', {})) as {
  roles: { name: string; commands: string[] }[];
};
await orchestrator.invoke(humanCaller, 'role.update', {
  name: 'bench-mcp',
  commands: roles.find((r) => r.name === 'builder')!.commands,
  rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
});
const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
  name: 'bench',
  kind: 'shell',
  role: 'bench-mcp',
})) as { id: string };
const caller: Caller = { kind: 'agent', id: agent.id };
const server = new McpServer({ name: 'bare', version: '1' });
server.registerTool('agent_whoami', { description: 'who am I' }, async () => {
  const output = (await orchestrator.invoke(caller, 'agent.whoami', {})) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
});
await server.connect(new StdioServerTransport());
