// Tool-call latency over MCP Streamable HTTP: Switchboard's endpoint (host, memory backend, an agent's
// token, tool `agent_whoami`) vs a bare SDK server on node:http with one trivial tool, same run, same client.
// stdio and the 100-agent long-poll scenario are not measured yet (see docs/mcp.md).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { startHost } from '@switchboard/host';
import { summarize } from './stats';

const CALLS = process.env['STRESS'] === '1' ? 5_000 : 500;
const WARMUP = 50;

async function measure(url: string, headers: Record<string, string>, tool: string): Promise<number[]> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const started = performance.now();
    await client.callTool({ name: tool, arguments: {} });
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  await client.close();
  return samples;
}

async function bareServer() {
  const server = createServer(async (req, res) => {
    const mcp = new McpServer({ name: 'bare', version: '1' });
    mcp.registerTool('whoami', { description: 'who' }, async () => ({ content: [{ type: 'text', text: JSON.stringify({ caller: { kind: 'agent', id: 'x' } }) }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await mcp.connect(transport);
    let body = '';
    for await (const chunk of req) body += chunk;
    await transport.handleRequest(req, res, body ? JSON.parse(body) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, close: () => server.close() };
}

const host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-mcp-')), backend: 'memory', writeHostFile: false });
const { token } = await host.orchestrator.fleet.spawn({ name: 'bench', kind: 'shell', role: 'builder' });
const bare = await bareServer();
const baseline = summarize(await measure(bare.url, {}, 'whoami'));
const switchboard = summarize(await measure(host.mcpUrl, { authorization: `Bearer ${token}` }, 'agent_whoami'));
bare.close();
await host.close();

const result = { calls: CALLS, http: { baseline, switchboard, ratioP50: switchboard.p50 / baseline.p50, ratioP99: switchboard.p99 / baseline.p99 } };
console.table({ 'bare SDK server': baseline, switchboard });
console.log(`p50 ratio ${result.http.ratioP50.toFixed(2)}x, p99 ratio ${result.http.ratioP99.toFixed(2)}x (target <= 1.3x)`);
console.log(JSON.stringify(result));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/mcp.json', JSON.stringify(result, null, 2) + '\n');
