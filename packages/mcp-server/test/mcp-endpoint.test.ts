import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { startHost, type Host } from '@switchboard/host';
import { commandNames, humanCaller } from '@switchboard/protocol';
import { TOOL_NAME_PATTERN, createMcpServer, toolNameFor } from '../src/index';

describe('tool names', () => {
  it('every contract command maps to a name MCP clients accept', () => {
    for (const name of commandNames) expect(toolNameFor(name)).toMatch(TOOL_NAME_PATTERN);
  });
});

describe('MCP server in process', () => {
  it('lists the agent tools with contract-derived schemas and runs them', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const { agent } = await orchestrator.fleet.spawn({ name: 'caller', kind: 'shell', role: 'orchestrator' });
    const server = createMcpServer(orchestrator, { kind: 'agent', id: agent.id });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'agent_list',
        'agent_spawn',
        'pane_read',
        'pane_send',
        'agent_whoami',
        'health_get',
        'health_history',
        'health_reportHook',
        'message_ack',
        'message_peek',
        'message_receive',
        'message_send',
        'message_status',
      ]),
    );
    expect(names).not.toContain('fleet_snapshot');
    expect(names).not.toContain('message_history');
    expect(names).not.toContain('agent_issueToken');
    const spawn = tools.find((t) => t.name === 'agent_spawn')!;
    expect(spawn.inputSchema.required).toEqual(['name']);
    const result = await client.callTool({ name: 'agent_spawn', arguments: { name: 'worker' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ name: 'worker', state: 'starting' });
    const bad = await client.callTool({ name: 'agent_spawn', arguments: { name: 'bad name!' } });
    expect(bad.isError).toBe(true);
    expect(JSON.parse((bad.content as { text: string }[])[0]!.text)).toMatchObject({
      error: { code: 'invalid_input' },
    });
    expect(
      orchestrator.fleet
        .snapshot()
        .agents.map((a) => a.name)
        .sort(),
    ).toEqual(['caller', 'worker']);
    await client.close();
    await orchestrator.close();
  });

  it('shows a human caller the human-only commands too', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(orchestrator, humanCaller).connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('team_create');
    await client.close();
    await orchestrator.close();
  });
});

describe('MCP over HTTP on the host', () => {
  let host: Host | undefined;
  afterEach(async () => host?.close());

  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
    });
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
  });

  it('works with the SDK client and an agent token; the token decides who calls', async () => {
    host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-')), backend: 'memory' });
    const { agent, token } = await host.orchestrator.fleet.spawn({
      name: 'lead',
      kind: 'shell',
      role: 'custom',
    });
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({ name: 'agent_list', arguments: {} });
    expect((result.structuredContent as { agents: { id: string }[] }).agents.map((a) => a.id)).toEqual([
      agent.id,
    ]);
    await client.close();
  });

  it.each([
    ['no token', {}, 401],
    ['a wrong token', { authorization: 'Bearer nope' }, 401],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403],
  ])('refuses %s', async (_label, headers, status) => {
    host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-')), backend: 'memory' });
    const response = await post(host.mcpUrl, initialize, {
      ...(status === 403 ? { authorization: `Bearer ${host.token}` } : {}),
      ...headers,
    });
    expect(response.status).toBe(status);
  });

  it('answers malformed JSON with a JSON-RPC parse error and changes nothing', async () => {
    host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-')), backend: 'memory' });
    const response = await post(host.mcpUrl, '{"jsonrpc": "2.0", "method": ', {
      authorization: `Bearer ${host.token}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
    expect(host.orchestrator.fleet.snapshot().agents).toEqual([]);
  });

  it('refuses an oversized body with 413', async () => {
    host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-')), backend: 'memory' });
    const response = await post(host.mcpUrl, JSON.stringify({ pad: 'x'.repeat(1_100_000) }), {
      authorization: `Bearer ${host.token}`,
    });
    expect(response.status).toBe(413);
  });
});
