// A long-poll whose client went away ends at once, whatever carried it: a raw HTTP connection closed mid-request, an
// SDK client closed, an mcp.sock connection dropped. Its slot is free, and a message sent after is not taken by it:
// it stays queued for the next receive (before session 23 the receive waited its 600 s and took the message).
import { mkdtempSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { connectLines } from './support/line-client';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

let nextId = 1;
const rpc = (method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) });
const initialize = () =>
  rpc('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'caller-gone', version: '1' },
  });
/** The host's switch for the endpoint's own answers to plain tool calls (host/src/mcp-switch.ts). */
const MCP_DIRECT_ENV = 'SWITCHBOARD_MCP_DIRECT';
/** Who answers a plain tool call: the endpoint itself (the default), or the SDK (SWITCHBOARD_MCP_DIRECT=off). */
const PATHS: [string, boolean][] = [
  ['answered by the endpoint', true],
  ['through the SDK', false],
];
const RECEIVE = { name: 'message_receive', arguments: { wait: 600 } };

/** A host with two agents; `direct: false` sends every MCP request through the SDK (SWITCHBOARD_MCP_DIRECT=off). */
async function fleet({ direct = true } = {}) {
  const before = process.env[MCP_DIRECT_ENV];
  process.env[MCP_DIRECT_ENV] = direct ? 'on' : 'off';
  try {
    host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-caller-gone-')), backend: 'memory' });
  } finally {
    if (before === undefined) delete process.env[MCP_DIRECT_ENV];
    else process.env[MCP_DIRECT_ENV] = before;
  }
  const h = host;
  const sender = await h.orchestrator.fleet.spawn({ name: 'sender', kind: 'shell', role: 'builder' });
  const receiver = await h.orchestrator.fleet.spawn({ name: 'receiver', kind: 'shell', role: 'builder' });
  const waiting = () => h.orchestrator.messages.waitingReceives(receiver.agent.id);
  const as = (id: string) => (name: string, input: unknown) =>
    h.orchestrator.invoke({ kind: 'agent', id }, name, input);
  /** After the client left: its receive gone at once, the next message queued for the next receive. */
  async function nothingTaken(): Promise<void> {
    // The host sees the close a moment after the client: wait for the fact (bounded by the test's timeout).
    await eventually(() => waiting() === 0, 50_000, 'the receive gone');
    await as(sender.agent.id)('message.send', { to: { agent: 'receiver' }, body: 'after you left' });
    const status = (await as(receiver.agent.id)('message.status', {})) as {
      inboxes: { depth: number; unackedDelivered: number }[];
    };
    expect(status.inboxes[0]).toMatchObject({ depth: 1, unackedDelivered: 0 });
    const next = (await as(receiver.agent.id)('message.receive', { wait: 5 })) as {
      messages: { body: string }[];
    };
    expect(next.messages.map((m) => m.body)).toEqual(['after you left']);
  }
  return { h, receiver, waiting, nothingTaken };
}

/** An MCP SDK client over HTTP (Streamable HTTP), as the CLIs Switchboard spawns connect. */
async function sdkClient(h: Host, token: string): Promise<Client> {
  const client = new Client({ name: 'caller-gone', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(h.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function openSession(h: Host, token: string): Promise<string> {
  const response = await fetch(h.mcpUrl, {
    method: 'POST',
    body: initialize(),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
    },
  });
  await response.text();
  return response.headers.get('mcp-session-id')!;
}

/** A POST written on a raw connection, which the test then closes without reading the answer. */
async function rawPost(h: Host, token: string, sessionId: string, body: string): Promise<Socket> {
  const url = new URL(h.mcpUrl);
  const socket = createConnection(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  socket.write(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
      `Mcp-Session-Id: ${sessionId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return socket;
}

describe('a long-poll whose client went away', { timeout: 60_000 }, () => {
  it.each(PATHS)('/mcp, %s: a raw connection closed mid-request', async (_how, direct) => {
    const { h, receiver, waiting, nothingTaken } = await fleet({ direct });
    const session = await openSession(h, receiver.token);
    const socket = await rawPost(h, receiver.token, session, rpc('tools/call', RECEIVE));
    await eventually(() => waiting() === 1, 50_000, 'the receive waiting');
    socket.destroy();
    await nothingTaken();
  });

  it('/mcp: an SDK client closed while its call waits', async () => {
    const { h, receiver, waiting, nothingTaken } = await fleet();
    const client = await sdkClient(h, receiver.token);
    const call = client.callTool(RECEIVE).catch(() => undefined);
    await eventually(() => waiting() === 1, 50_000, 'the receive waiting');
    await client.close();
    await call;
    await nothingTaken();
  });

  it.each(PATHS)('mcp.sock, %s: a connection dropped while its calls wait', async (_how, direct) => {
    const { h, receiver, waiting, nothingTaken } = await fleet({ direct });
    // More waits on one connection than Node's 10 listeners a signal before it warns of a leak.
    const waits = 12;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const c = await connectLines(h.mcpSocketPath!);
      c.send({ token: receiver.token });
      c.socket.write(`${initialize()}\n`);
      c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      for (let i = 0; i < waits; i++) c.socket.write(`${rpc('tools/call', RECEIVE)}\n`);
      await eventually(() => waiting() === waits, 50_000, 'the receives waiting');
      c.socket.destroy();
      await nothingTaken();
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  // An MCP client's Esc cancels a call without closing its connection: notifications/cancelled.
  it.each(PATHS)('/mcp, %s: an SDK client cancels its call', async (_how, direct) => {
    const { h, receiver, waiting, nothingTaken } = await fleet({ direct });
    const client = await sdkClient(h, receiver.token);
    const esc = new AbortController();
    const call = client.callTool(RECEIVE, undefined, { signal: esc.signal }).catch(() => undefined);
    await eventually(() => waiting() === 1, 50_000, 'the receive waiting');
    esc.abort();
    await call;
    await nothingTaken();
    // The session goes on.
    expect((await client.callTool({ name: 'agent_whoami', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it.each(PATHS)('mcp.sock, %s: notifications/cancelled for a waiting call', async (_how, direct) => {
    const { h, receiver, waiting, nothingTaken } = await fleet({ direct });
    const c = await connectLines(h.mcpSocketPath!);
    c.send({ token: receiver.token });
    c.socket.write(`${initialize()}\n`);
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    c.send({ jsonrpc: '2.0', id: 'long-poll', method: 'tools/call', params: RECEIVE });
    await eventually(() => waiting() === 1, 50_000, 'the receive waiting');
    c.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'long-poll' } });
    await nothingTaken();
    expect(c.socket.destroyed).toBe(false);
    c.socket.destroy();
  });

  it("/mcp: a session closed by the host (the agent's tokens revoked) ends its calls still waiting", async () => {
    const { h, receiver, waiting } = await fleet();
    const client = await sdkClient(h, receiver.token);
    const call = client.callTool(RECEIVE).catch(() => undefined);
    await eventually(() => waiting() === 1, 50_000, 'the receive waiting');
    await h.orchestrator.invoke(humanCaller, 'agent.revokeTokens', { agent: receiver.agent.id });
    await eventually(() => waiting() === 0, 50_000, 'the receive gone');
    await call;
    await client.close().catch(() => undefined);
  });
});

// A client may reuse a JSON-RPC id for two calls in flight (MCP says it must not): a close or a cancel naming the id
// ends both waits. Before session 24 the second call took the id's place and the first waited its 600 s.
describe('two calls in flight under one id', { timeout: 60_000 }, () => {
  const SAME = { jsonrpc: '2.0', id: 'same', method: 'tools/call', params: RECEIVE };
  const CANCEL = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'same' } };

  async function twoOnTheSocket(direct: boolean) {
    const fleetOf = await fleet({ direct });
    const c = await connectLines(fleetOf.h.mcpSocketPath!);
    c.send({ token: fleetOf.receiver.token });
    c.socket.write(`${initialize()}\n`);
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' }, SAME, SAME);
    await eventually(() => fleetOf.waiting() === 2, 50_000, 'both receives waiting');
    return { ...fleetOf, c };
  }

  it.each(PATHS)('mcp.sock, %s: the connection dropped', async (_how, direct) => {
    const { c, nothingTaken } = await twoOnTheSocket(direct);
    c.socket.destroy();
    await nothingTaken();
  });

  it.each(PATHS)('mcp.sock, %s: notifications/cancelled naming the id', async (_how, direct) => {
    const { c, nothingTaken } = await twoOnTheSocket(direct);
    c.send(CANCEL);
    await nothingTaken();
    c.socket.destroy();
  });

  it.each(PATHS)('/mcp, %s: the session closed by the host, or the id cancelled', async (_how, direct) => {
    const { h, receiver, waiting, nothingTaken } = await fleet({ direct });
    for (const end of ['cancel', 'revoke'] as const) {
      const session = await openSession(h, receiver.token);
      const sockets = [
        await rawPost(h, receiver.token, session, JSON.stringify(SAME)),
        await rawPost(h, receiver.token, session, JSON.stringify(SAME)),
      ];
      await eventually(() => waiting() === 2, 50_000, 'both receives waiting');
      if (end === 'cancel') (await rawPost(h, receiver.token, session, JSON.stringify(CANCEL))).destroy();
      else await h.orchestrator.invoke(humanCaller, 'agent.revokeTokens', { agent: receiver.agent.id });
      await eventually(() => waiting() === 0, 50_000, `both receives gone (${end})`);
      for (const socket of sockets) socket.destroy();
    }
    await nothingTaken();
  });
});
