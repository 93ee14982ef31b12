// The MCP endpoints when the SDK's server side cannot be loaded (a broken or missing install): each request is
// answered with a JSON-RPC error that says so, and the host logs it once per endpoint. Before, the socket dropped
// the connection after `{"ok":true}` with nothing said anywhere, and HTTP answered an empty 500 per request.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import type { Caller } from '@switchboard/protocol';
import type { SdkServer } from '../src/load-sdk-server';
import { createMcpEndpoint } from '../src/http-endpoint';
import { listenMcpSocket } from '../src/socket-endpoint';
import { connectLines as connect } from './support/line-client';

const TOKEN = 'token-alpha-secret';
const folder = mkdtempSync(join(tmpdir(), 'sb-sock-nosdk-'));
// A real module whose import fails as a broken install's does: it imports a package that is not there.
const brokenSdk = join(folder, 'sdk-server.mjs');
writeFileSync(brokenSdk, "export * from '@modelcontextprotocol/not-installed/server.js';\n");
const loadBrokenSdk = () => import(pathToFileURL(brokenSdk).href) as Promise<SdkServer>;

let orchestrator: Orchestrator;
let alpha: Caller;
beforeAll(async () => {
  orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  const { agent } = await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder' });
  alpha = { kind: 'agent', id: agent.id };
});
afterAll(() => orchestrator.close());

const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'no-sdk-test', version: '1' },
};

describe('MCP endpoints without their SDK server', { timeout: 30_000 }, () => {
  it('the socket answers every request with a clear JSON-RPC error, keeps the connection, logs the failure once', async () => {
    const logged: { message: string; error: unknown }[] = [];
    const endpoint = await listenMcpSocket({
      api: orchestrator,
      authenticate: (token) => (token === TOKEN ? alpha : undefined),
      path: join(folder, 'mcp.sock'),
      loadSdk: loadBrokenSdk,
      onError: (message, error) => logged.push({ message, error }),
    });
    try {
      for (const attempt of [1, 2]) {
        const client = await connect(endpoint.path);
        client.send(
          { token: TOKEN },
          { jsonrpc: '2.0', id: 1, method: 'initialize', params: INITIALIZE },
          { jsonrpc: '2.0', method: 'notifications/initialized' },
          { jsonrpc: '2.0', id: 'two', method: 'tools/call', params: { name: 'lock_list', arguments: {} } },
        );
        const answers = await client.until(3);
        expect(answers[0], `attempt ${attempt}`).toEqual({ ok: true });
        expect(answers.slice(1)).toEqual(
          [1, 'two'].map((id) => ({
            jsonrpc: '2.0',
            id,
            error: {
              code: -32603,
              message: expect.stringMatching(/^The Switchboard host could not load its MCP server \(.+\)/),
              data: { code: 'unavailable' },
            },
          })),
        );
        // Still open: a request sent later is answered too (the client is not left waiting).
        client.send({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} });
        expect((await client.until(4))[3]).toMatchObject({ id: 3, error: { data: { code: 'unavailable' } } });
        client.socket.destroy();
      }
      expect(logged).toHaveLength(1);
      expect(logged[0]!.message).toContain('could not load the MCP SDK server');
      expect(String(logged[0]!.error)).toContain('not-installed');
      expect(JSON.stringify(logged) + String(logged[0]!.error)).not.toContain(TOKEN);
    } finally {
      await endpoint.close();
    }
  });

  it('HTTP answers each request with the same error as JSON-RPC (not an empty 500) and logs the failure once', async () => {
    const logged: { message: string; error: unknown }[] = [];
    const endpoint = createMcpEndpoint({
      api: orchestrator,
      authenticate: (token) => (token === TOKEN ? alpha : undefined),
      loadSdk: loadBrokenSdk,
      onError: (message, error) => logged.push({ message, error }),
    });
    const server = createServer((request, response) => void endpoint.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    try {
      for (const id of [1, 2]) {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: INITIALIZE }),
        });
        expect(response.status).toBe(500);
        expect(await response.json()).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: {
            code: -32603,
            message: expect.stringMatching(/^The Switchboard host could not load its MCP server \(.+\)/),
          },
        });
      }
      expect(logged).toHaveLength(1);
      expect(logged[0]!.message).toContain('could not load the MCP SDK server');
      expect(JSON.stringify(logged) + String(logged[0]!.error)).not.toContain(TOKEN);
    } finally {
      await endpoint.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
