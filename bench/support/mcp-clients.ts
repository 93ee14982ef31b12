// MCP clients the benches call Switchboard with: Streamable HTTP (as the CLIs Switchboard spawns are wired)
// and stdio through a spawned process (the `switchboard mcp` relay, or a bare server).
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { fetchWithScopedAbort } from '@switchboard/mcp-server/clients';

const repository = resolve(import.meta.dirname, '../..');

export async function httpClient(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
      // Node's fetch leaves an abort listener per request on the transport's signal until GC (the warning flood).
      fetch: fetchWithScopedAbort,
    }),
  );
  return client;
}

/** A client over stdio to a process it starts; `pid` is that process (a relay's own CPU is counted from it). */
export async function stdioClient(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<Client & { pid: number }> {
  const client = new Client({ name: 'bench', version: '1' });
  const transport = new StdioClientTransport({
    command,
    args,
    env: { ...(process.env as Record<string, string>), ...env },
    cwd: repository,
    stderr: 'ignore',
  });
  await client.connect(transport);
  return Object.assign(client, { pid: transport.pid! });
}
