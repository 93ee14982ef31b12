// The SDK's Streamable HTTP client passes one long-lived AbortSignal to every request; Node's fetch leaves
// an 'abort' listener on it per request until garbage collection. With fetchWithScopedAbort the count
// stays flat, and closing the client still aborts a request in flight.
import { randomUUID } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchWithScopedAbort } from '../src/scoped-abort-fetch';

// 200 in npm test (counted at 100 and 200): with Node's own fetch in place of fetchWithScopedAbort the count was
// 193-202 at 200 calls, three runs of three. 600 cost ~6 CPU-s for the same finding; STRESS=1 runs 5,000.
const STRESS = process.env['STRESS'] === '1';
const CALLS = STRESS ? 5_000 : 200;
/** STRESS's 5,000 calls took over 120 s at load 20 (~25 ms a call): the run's own 10 minutes there. */
const timeout = STRESS ? 600_000 : 120_000;

/** A bare SDK server: `ping` answers at once, `hang` only when the request is gone (it reports that). */
async function bareServer() {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let hangClosed = false;
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const parsed = body ? JSON.parse(body) : undefined;
    const id = req.headers['mcp-session-id'] as string | undefined;
    let transport = id ? sessions.get(id) : undefined;
    if (!transport && isInitializeRequest(parsed)) {
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sid) => void sessions.set(sid, created),
      });
      const mcp = new McpServer({ name: 'bare', version: '1' });
      mcp.registerTool('ping', { description: 'answers at once' }, async () => ({
        content: [{ type: 'text', text: 'pong' }],
      }));
      mcp.registerTool('hang', { description: 'never answers' }, async () => {
        await new Promise<void>((resolve) => res.once('close', () => resolve()));
        hangClosed = true;
        return { content: [] };
      });
      await mcp.connect(created);
      transport = created;
    }
    if (!transport) return void res.writeHead(400).end();
    if (parsed?.params?.name === 'hang') res.once('close', () => (hangClosed = true));
    await transport.handleRequest(req, res, parsed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    hangClosed: () => hangClosed,
  };
}

let running: Server | undefined;
afterEach(() => {
  running?.closeAllConnections();
  running?.close();
  running = undefined;
});

/** A client whose transport's long-lived signal the test can look at. */
async function connect(url: string) {
  let signal: AbortSignal | undefined;
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: (input, init) => {
      signal = init?.signal ?? signal;
      return fetchWithScopedAbort(input, init);
    },
  });
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(transport);
  return { client, listeners: () => (signal ? getEventListeners(signal, 'abort').length : NaN) };
}

describe('fetchWithScopedAbort', () => {
  it(`leaves no abort listener behind per request: flat over ${CALLS} calls`, { timeout }, async () => {
    const bare = await bareServer();
    running = bare.server;
    const { client, listeners } = await connect(bare.url);
    const counts: number[] = [];
    for (let i = 1; i <= CALLS; i++) {
      const result = await client.callTool({ name: 'ping', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'pong' }]);
      if (i % 100 === 0) counts.push(listeners());
    }
    // Node's own fetch would be at hundreds here (one per call since the last collection).
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    await client.close();
  });

  it('closing the client still aborts a request in flight (the server sees its request end)', async () => {
    const bare = await bareServer();
    running = bare.server;
    const { client, listeners } = await connect(bare.url);
    const pending = client.callTool({ name: 'hang', arguments: {} });
    const outcome = pending.then(
      () => 'answered',
      () => 'rejected',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listeners()).toBeGreaterThanOrEqual(1); // the hanging request is linked while in flight
    await client.close();
    expect(await outcome).toBe('rejected');
    const until = Date.now() + 5_000;
    while (!bare.hangClosed() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bare.hangClosed()).toBe(true);
  });
});
