// The endpoint's own answer to plain `tools/call` requests (one JSON response, no SDK transport on the
// way) gives what the SDK path gives; everything else still goes through the SDK; the session's caller
// and the token still decide. Two endpoints on one orchestrator: direct (default) and SDK-only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { createMcpEndpoint, type McpEndpoint } from '../src/index';

let orchestrator: Orchestrator;
const tokens = new Map<string, Caller>();
const servers: { server: Server; endpoint: McpEndpoint }[] = [];
let directUrl = '';
let sdkUrl = '';

async function serve(directToolCalls: boolean): Promise<string> {
  const endpoint = createMcpEndpoint({
    api: orchestrator,
    authenticate: (token) => tokens.get(token),
    directToolCalls,
  });
  const server = createServer((request, response) => void endpoint.handle(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push({ server, endpoint });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

beforeAll(async () => {
  orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  for (const name of ['alpha', 'beta']) {
    const { agent } = await orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' });
    tokens.set(`token-${name}`, { kind: 'agent', id: agent.id });
  }
  directUrl = await serve(true);
  sdkUrl = await serve(false);
});
afterAll(async () => {
  for (const { server, endpoint } of servers) {
    await endpoint.close();
    server.close();
  }
  await orchestrator.close();
});

let nextId = 1;
interface Answer {
  status: number;
  type: string;
  messages: { id?: unknown; result?: Record<string, unknown>; error?: { code: number } }[];
}

async function post(
  url: string,
  token: string,
  message: Record<string, unknown>,
  session?: string,
  headers: Record<string, string> = {},
): Promise<Answer & { session: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': '2025-06-18',
      ...(session ? { 'mcp-session-id': session } : {}),
      ...headers,
    },
  });
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const messages = type.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice(5)))
    : text
      ? [JSON.parse(text)]
      : [];
  return { status: response.status, type, messages, session: response.headers.get('mcp-session-id') };
}

async function open(url: string, token: string): Promise<string> {
  const init = await post(url, token, {
    id: nextId++,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  await post(url, token, { method: 'notifications/initialized' }, init.session!);
  return init.session!;
}

const toolCall = (name: string, args?: unknown, extra: Record<string, unknown> = {}) => ({
  id: nextId++,
  method: 'tools/call',
  params: { name, ...(args === undefined ? {} : { arguments: args }), ...extra },
});

describe('MCP endpoint: plain tool calls answered directly', () => {
  it('answers with one JSON response holding what the SDK path answers (results, tool errors, unknown tools)', async () => {
    const direct = await open(directUrl, 'token-alpha');
    const sdk = await open(sdkUrl, 'token-alpha');
    const calls = [
      ['agent_whoami', {}],
      ['agent_whoami', undefined],
      ['message_peek', { limit: 3 }],
      ['agent_spawn', { name: 'not allowed for a builder' }],
      ['message_receive', { wait: 'soon' }],
      ['no_such_tool', {}],
    ] as const;
    for (const [name, args] of calls) {
      const viaSdk = await post(sdkUrl, 'token-alpha', toolCall(name, args), sdk);
      const call = toolCall(name, args);
      const viaDirect = await post(directUrl, 'token-alpha', call, direct);
      expect(viaSdk.type).toContain('text/event-stream');
      expect(viaDirect).toMatchObject({ status: 200, type: 'application/json', session: direct });
      expect(viaDirect.messages).toHaveLength(1);
      expect(viaDirect.messages[0]!.id).toBe(call.id);
      expect(viaDirect.messages[0]!.result).toEqual(viaSdk.messages[0]!.result);
    }
  });

  it('leaves everything else to the SDK: other methods, task-augmented calls, odd headers, params it does not know', async () => {
    const session = await open(directUrl, 'token-alpha');
    const viaSdk = (answer: Answer) => answer.type.includes('text/event-stream') || answer.status >= 400;
    expect(
      viaSdk(await post(directUrl, 'token-alpha', { id: nextId++, method: 'tools/list' }, session)),
    ).toBe(true);
    const extraParam = await post(
      directUrl,
      'token-alpha',
      toolCall('agent_whoami', {}, { unexpected: 1 }),
      session,
    );
    expect(extraParam.type).toContain('text/event-stream');
    const task = await post(
      directUrl,
      'token-alpha',
      toolCall('agent_whoami', {}, { task: { ttl: 1000 } }),
      session,
    );
    expect(viaSdk(task)).toBe(true);
    const badVersion = await post(directUrl, 'token-alpha', toolCall('agent_whoami', {}), session, {
      'mcp-protocol-version': '1999-01-01',
    });
    expect(badVersion.status).toBe(400);
    const noSse = await post(directUrl, 'token-alpha', toolCall('agent_whoami', {}), session, {
      accept: 'application/json',
    });
    expect(noSse.status).toBe(406);
    const arrayArgs = await post(directUrl, 'token-alpha', toolCall('agent_whoami', [1]), session);
    expect(arrayArgs.messages[0]!.error?.code).toBe(-32602);
  });

  it('answers the ids the SDK answers and no other (a safe integer or a string: 2^53, 1e308, 1.5 are not)', async () => {
    const direct = await open(directUrl, 'token-alpha');
    const sdk = await open(sdkUrl, 'token-alpha');
    const ids = [0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 'x', '', 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e308, 1.5];
    const answered = async (url: string, session: string, id: unknown) => {
      const { status, messages } = await post(
        url,
        'token-alpha',
        { ...toolCall('agent_whoami', {}), id },
        session,
      );
      return { status, ids: messages.map((m) => m.id), results: messages.filter((m) => m.result).length };
    };
    for (const id of ids) {
      const viaSdk = await answered(sdkUrl, sdk, id);
      expect(await answered(directUrl, direct, id), `id ${String(id)}`).toEqual(viaSdk);
      expect(viaSdk.results, `id ${String(id)}`).toBe(
        Number.isSafeInteger(id) || typeof id === 'string' ? 1 : 0,
      );
    }
  });

  it("refuses a call on another caller's session before anything runs", async () => {
    const alphas = await open(directUrl, 'token-alpha');
    const before = await orchestrator.invoke(humanCaller, 'message.status', {});
    const answer = await post(
      directUrl,
      'token-beta',
      toolCall('message_send', { to: { agent: 'alpha' }, body: 'as alpha?' }),
      alphas,
    );
    expect(answer.status).toBe(403);
    expect(await orchestrator.invoke(humanCaller, 'message.status', {})).toEqual(before);
  });

  it('works for the SDK client: a stream acknowledged on each next receive, every message once', async () => {
    const client = async (token: string) => {
      const c = new Client({ name: 'sdk', version: '1' });
      await c.connect(
        new StreamableHTTPClientTransport(new URL(directUrl), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      return c;
    };
    const [alpha, beta] = [await client('token-alpha'), await client('token-beta')];
    const seen: string[] = [];
    let ack: number | undefined;
    for (let i = 0; i < 20; i++) {
      const sent = await alpha.callTool({
        name: 'message_send',
        arguments: { to: { agent: 'beta' }, body: `m${i}`, dedupe: false, typeIntoPane: 'never' },
      });
      expect(sent.isError).toBeFalsy();
      const got = await beta.callTool({
        name: 'message_receive',
        arguments: ack === undefined ? { wait: 1 } : { wait: 1, ack },
      });
      const out = got.structuredContent as {
        messages: { body: string }[];
        nextCursor: number;
        acked?: number;
      };
      if (ack !== undefined) expect(out.acked).toBe(1);
      seen.push(...out.messages.map((m) => m.body));
      ack = out.nextCursor;
    }
    const last = await beta.callTool({ name: 'message_receive', arguments: { ack } });
    expect((last.structuredContent as { messages: unknown[] }).messages).toEqual([]);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    await Promise.all([alpha.close(), beta.close()]);
  });
});
