import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** A tool's answer as an agent reads it: whether it is an error, and its text (JSON for a result). */
export interface ToolAnswer {
  isError: boolean;
  text: string;
}

/**
 * An MCP client of the real `/mcp` endpoint with an agent's bearer token (as its CLI would be), and `call` for its
 * tools. Close `client` after the test.
 */
export async function connectAgent(mcpUrl: string, token: string) {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  const call = async (name: string, args: Record<string, unknown>): Promise<ToolAnswer> => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 });
    return { isError: result['isError'] === true, text: (result['content'] as { text: string }[])[0]!.text };
  };
  return { client, call };
}
