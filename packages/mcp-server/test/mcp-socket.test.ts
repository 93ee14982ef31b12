// The MCP unix socket `switchboard mcp` relays to: owner-only, token first, one session per
// connection bound to the token's caller, hostile input closes the connection, revocation closes it.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { connectLines as connect } from './support/line-client';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const start = async () =>
  (host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-sock-')), backend: 'memory' }));

/** The host notices a closed socket on its own side a moment after the client does: waited for, not for 500 polls. */
const noConnectionLeft = (h: Host) =>
  expect.poll(() => h.mcpSocketConnectionCount, { timeout: 20_000 }).toBe(0);

let nextId = 1;
const request = (method: string, params: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: nextId++,
  method,
  params,
});
const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'socket-test', version: '1' },
};

describe('MCP unix socket', { timeout: 60_000 }, () => {
  it("is owner-only and answers MCP as the token's caller, many calls over one connection", async () => {
    const h = await start();
    expect(h.mcpSocketPath).toBe(join(h.dataDir, 'mcp.sock'));
    expect(statSync(h.mcpSocketPath!).mode & 0o777).toBe(0o600);
    const { agent, token } = await h.orchestrator.fleet.spawn({
      name: 'alpha',
      kind: 'shell',
      role: 'builder',
    });
    const c = await connect(h.mcpSocketPath!);
    c.send({ token });
    c.send(request('initialize', INIT));
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    for (let i = 0; i < 3; i++) c.send(request('tools/call', { name: 'agent_whoami', arguments: {} }));
    const lines = await c.until(5);
    expect(lines[0]).toEqual({ ok: true });
    for (const answer of lines.slice(2, 5))
      expect((answer['result'] as { structuredContent: unknown }).structuredContent).toMatchObject({
        caller: { kind: 'agent', id: agent.id },
      });
    expect(h.mcpSocketConnectionCount).toBe(1);
    c.socket.end();
    await c.closed;
  });

  it('answers a line /mcp refuses with 400 (an id past 2^53, 1e308, 1.5, null; a batch; not JSON) with an error, id null', async () => {
    const h = await start();
    const { token } = await h.orchestrator.fleet.spawn({ name: 'delta', kind: 'shell', role: 'builder' });
    const c = await connect(h.mcpSocketPath!);
    c.send({ token });
    c.send(request('initialize', INIT));
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const whoami = { name: 'agent_whoami', arguments: {} };
    const answerTo = async (id: number) => {
      while (!c.lines().some((line) => line['id'] === id)) await c.until(c.lines().length + 1);
    };
    // The SDK's transport dropped each of these without a word; the client waited for ever.
    for (const id of [2 ** 53, 1e308, 1.5, null]) c.send({ ...request('tools/call', whoami), id });
    c.send([request('ping')]);
    c.socket.write('{"jsonrpc": "2.0", "id": 5, "method":\n');
    c.send({ ...request('tools/call', whoami), id: 7 });
    await answerTo(7);
    c.send({ ...request('ping'), id: 8 });
    await answerTo(8);
    const refused = (code: number) => ({
      jsonrpc: '2.0',
      id: null,
      error: { code, message: expect.any(String) },
    });
    // Refusals are written at once, so they may come before the SDK's answer to initialize.
    const nulls = c.lines().filter((line) => 'id' in line && line['id'] === null);
    expect(nulls).toEqual([
      ...[2 ** 53, 1e308, 1.5, null, 'batch'].map(() => refused(-32600)),
      refused(-32700),
    ]);
    expect(nulls[0]!['error']).toMatchObject({ message: expect.stringContaining('"id" must be') });
    expect(c.lines().flatMap((line) => (typeof line['id'] === 'number' ? [line['id']] : []))).toEqual([
      expect.any(Number),
      7,
      8,
    ]);
    c.socket.end();
    await c.closed;
  });

  it('refuses a wrong token, a first line that is not a token, and an endless first line, each closed with nothing served', async () => {
    const h = await start();
    const wrong = await connect(h.mcpSocketPath!);
    wrong.send({ token: 'not-a-token' });
    wrong.send(request('initialize', INIT));
    await wrong.closed;
    expect(wrong.lines()).toEqual([{ ok: false, message: expect.stringContaining('token') }]);

    const noToken = await connect(h.mcpSocketPath!);
    noToken.send(request('initialize', INIT));
    await noToken.closed;
    expect(noToken.lines()).toEqual([{ ok: false, message: expect.any(String) }]);

    const endless = await connect(h.mcpSocketPath!);
    endless.socket.write('x'.repeat(64 * 1024));
    await endless.closed;
    expect(endless.lines()).toEqual([{ ok: false, message: expect.any(String) }]);
    expect(h.mcpSocketConnectionCount).toBe(0); // none of the three was ever counted as open
  });

  it('closes a connection whose token is revoked, and one that sends a line over 1 MiB', async () => {
    const h = await start();
    const { token } = await h.orchestrator.fleet.spawn({ name: 'beta', kind: 'shell', role: 'builder' });
    const revoked = await connect(h.mcpSocketPath!);
    revoked.send({ token });
    await revoked.until(1);
    expect(h.mcpSocketConnectionCount).toBe(1);
    await h.orchestrator.invoke(humanCaller, 'agent.revokeTokens', { agent: 'beta' });
    await revoked.closed;
    await noConnectionLeft(h);

    const { token: other } = await h.orchestrator.fleet.spawn({
      name: 'gamma',
      kind: 'shell',
      role: 'builder',
    });
    const huge = await connect(h.mcpSocketPath!);
    huge.send({ token: other });
    await huge.until(1);
    huge.socket.write('"' + 'y'.repeat(1024 * 1024 + 10));
    await huge.closed;
    await noConnectionLeft(h);
  });
});
