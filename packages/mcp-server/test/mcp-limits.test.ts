import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { MCP_SESSIONS_PER_CALLER, createMcpEndpoint } from '../src/index';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const start = async () =>
  (host = await startHost({
    dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-limits-')),
    backend: 'memory',
    writeHostFile: false,
  }));

let nextId = 1;
const rpc = (method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) });
const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'limits', version: '1' },
};

async function post(
  token: string,
  body: string,
  sessionId?: string,
): Promise<{ status: number; sessionId: string | null; messages: Record<string, unknown>[] }> {
  const response = await fetch(host!.mcpUrl, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': '2025-06-18',
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
  });
  const text = await response.text();
  const sse = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const messages = sse
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => JSON.parse(l.slice(5)))
    : text
      ? [JSON.parse(text)]
      : [];
  return { status: response.status, sessionId: response.headers.get('mcp-session-id'), messages };
}

async function open(token: string): Promise<string> {
  const init = await post(token, rpc('initialize', INIT));
  expect(init.status).toBe(200);
  await post(token, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), init.sessionId!);
  return init.sessionId!;
}

describe('MCP endpoint limits', () => {
  it.each([
    ['a string', 'text'],
    ['an array', [1, 2]],
    ['a number', 5],
    ['null', null],
  ])('answers tools/call with %s as arguments -32602 Invalid params, not -32603', async (_label, args) => {
    const h = await start();
    const session = await open(h.token);
    const reply = await post(
      h.token,
      rpc('tools/call', { name: 'fleet_snapshot', arguments: args }),
      session,
    );
    expect(reply.messages[0]).toMatchObject({
      error: { code: -32602, message: expect.stringMatching(/Invalid (params|tools\/call request)/) },
    });
  });

  it('answers resources/read without a uri -32602', async () => {
    const h = await start();
    const session = await open(h.token);
    const reply = await post(h.token, rpc('resources/read', { nope: 1 }), session);
    expect(reply.messages[0]).toMatchObject({ error: { code: -32602 } });
  });

  it.each(['terminal://%E0%A4%A/output', 'switchboard://agents/%'])(
    'answers resources/read of %s (a broken percent-encoding) -32602 naming it, not -32603',
    async (uri) => {
      const h = await start();
      const session = await open(h.token);
      const reply = await post(h.token, rpc('resources/read', { uri }), session);
      expect(reply.messages[0]).toMatchObject({
        error: {
          code: -32602,
          message: expect.stringContaining('percent-encoding'),
          data: { code: 'invalid_input' },
        },
      });
    },
  );

  it('still runs well-formed calls after the checks', async () => {
    const h = await start();
    const session = await open(h.token);
    const reply = await post(h.token, rpc('tools/call', { name: 'fleet_snapshot', arguments: {} }), session);
    expect(reply.messages[0]).toMatchObject({ result: { structuredContent: { agents: [] } } });
  });

  it(`caps sessions per caller at ${MCP_SESSIONS_PER_CALLER}: never-closed initialize calls evict that caller's oldest, not others'`, async () => {
    const h = await start();
    const { token } = await h.orchestrator.fleet.spawn({ name: 'flooder', kind: 'shell', role: 'custom' });
    const humanSession = await open(h.token);
    const first = await open(token);
    // The report's 6,000 never-closed initialize calls with STRESS=1; three times the cap otherwise.
    const flood = process.env['STRESS'] === '1' ? 6_000 : MCP_SESSIONS_PER_CALLER * 3;
    for (let i = 0; i < flood; i++) await post(token, rpc('initialize', INIT));
    // The whole flood holds at most the cap (plus the human's one).
    expect(mcpSessionCount(h)).toBe(MCP_SESSIONS_PER_CALLER + 1);
    expect((await post(token, rpc('tools/list'), first)).status).toBe(404);
    expect((await post(h.token, rpc('tools/list'), humanSession)).status).toBe(200);
  });

  it('closes the MCP sessions of an agent whose tokens are revoked, at once', async () => {
    const h = await start();
    const { agent, token } = await h.orchestrator.fleet.spawn({
      name: 'revoked',
      kind: 'shell',
      role: 'custom',
    });
    const { token: other } = await h.orchestrator.fleet.spawn({
      name: 'bystander',
      kind: 'shell',
      role: 'custom',
    });
    await open(token);
    await open(token);
    const kept = await open(other);
    expect(mcpSessionCount(h)).toBe(3);
    await h.orchestrator.invoke({ kind: 'human', id: 'human' }, 'agent.revokeTokens', { agent: agent.id });
    await new Promise((resolve) => setImmediate(resolve));
    expect(mcpSessionCount(h)).toBe(1);
    expect((await post(other, rpc('tools/list'), kept)).status).toBe(200);
  });
});

function mcpSessionCount(h: Host): number {
  return h.mcpSessionCount;
}

describe('MCP session idle time-out', () => {
  it('closes a session unused for longer than the idle limit, but never one with an open stream', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    let now = 1_000_000;
    const endpoint = createMcpEndpoint({
      api: orchestrator,
      authenticate: (t) => (t === 'secret' ? humanCaller : undefined),
      sessionLimits: { idleMs: 60_000, now: () => now },
    });
    const server = createServer((request, response) => void endpoint.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const headers = (session?: string) => ({
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: 'Bearer secret',
      'mcp-protocol-version': '2025-06-18',
      ...(session ? { 'mcp-session-id': session } : {}),
    });
    const openSession = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: headers(),
        body: rpc('initialize', INIT),
      });
      await response.text();
      return response.headers.get('mcp-session-id')!;
    };
    try {
      const idle = await openSession();
      const streaming = await openSession();
      const stream = await fetch(url, {
        method: 'GET',
        headers: { ...headers(streaming), accept: 'text/event-stream' },
      });
      expect(stream.status).toBe(200);
      now += 59_000;
      expect((await fetch(url, { method: 'POST', headers: headers(idle), body: rpc('ping') })).status).toBe(
        200,
      );
      now += 59_000; // used 59 s ago: still open
      expect((await fetch(url, { method: 'POST', headers: headers(idle), body: rpc('ping') })).status).toBe(
        200,
      );
      now += 61_000;
      expect((await fetch(url, { method: 'POST', headers: headers(idle), body: rpc('ping') })).status).toBe(
        404,
      );
      // The open GET stream kept its session alive through the same time.
      expect(
        (await fetch(url, { method: 'POST', headers: headers(streaming), body: rpc('ping') })).status,
      ).toBe(200);
      expect(endpoint.sessionCount).toBe(1);
      await stream.body?.cancel();
    } finally {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await orchestrator.close();
    }
  });
});
