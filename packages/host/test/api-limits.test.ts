import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL, humanCaller, type Caller } from '@switchboard/protocol';
import { CLOSE_TOKEN_REVOKED, MAX_MESSAGE_BYTES, WebSocketApi } from '../src/api/websocket-api';
import { connect, startTestHost } from './host-fixture';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function host() {
  const started = await startTestHost({ writeHostFile: false });
  cleanup.push(() => started.host.close());
  return started.host;
}

const closed = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );

/** The host still answers a fresh client (it did not crash or wedge). */
async function stillServes(port: number, token: string): Promise<void> {
  const { socket, inbox } = await connect(port, { token });
  socket!.send(JSON.stringify({ type: 'call', id: 99, name: 'fleet.snapshot', input: {} }));
  expect(await inbox!.next((m) => m['id'] === 99)).toMatchObject({ ok: true });
  socket!.close();
}

describe('API WebSocket limits: one frame never takes the host down', () => {
  it(`closes a text message over ${MAX_MESSAGE_BYTES} bytes with 1009 and keeps serving`, async () => {
    const h = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    await inbox!.next((m) => m['type'] === 'hello');
    const end = closed(socket!);
    socket!.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect((await end).code).toBe(1009);
    await stillServes(h.port, h.token);
  });

  it('counts fragments together: many small fragments adding up past the limit close with 1009', async () => {
    const h = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    await inbox!.next((m) => m['type'] === 'hello');
    const end = closed(socket!);
    const piece = 'y'.repeat(256 * 1024);
    for (let i = 0; i < 4; i++) socket!.send(piece, { fin: false });
    socket!.send('z', { fin: true });
    expect((await end).code).toBe(1009);
    await stillServes(h.port, h.token);
  });

  it('closes a text frame with invalid UTF-8 with 1007 and keeps serving', async () => {
    const h = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    await inbox!.next((m) => m['type'] === 'hello');
    const end = closed(socket!);
    socket!.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await end).code).toBe(1007);
    await stillServes(h.port, h.token);
  });

  it('answers a binary frame (even one holding a valid call) with invalid_input and runs nothing', async () => {
    const h = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    socket!.send(
      Buffer.from(JSON.stringify({ type: 'call', id: 1, name: 'team.create', input: { name: 'web' } })),
      { binary: true },
    );
    expect(await inbox!.next((m) => m['type'] === 'error')).toMatchObject({
      error: { code: 'invalid_input' },
    });
    expect(h.orchestrator.fleet.snapshot().teams).toEqual([]);
    socket!.close();
  });

  it('refuses input: null as invalid_input instead of running the command with {}', async () => {
    const h = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    socket!.send(JSON.stringify({ type: 'call', id: 3, name: 'fleet.snapshot', input: null }));
    expect(await inbox!.next((m) => m['id'] === 3)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    socket!.close();
  });
});

describe('API WebSocket and token revocation', () => {
  it("closes the connections opened with a token as soon as it stops authenticating, and no one else's", async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    // /api is the human's (agent tokens get 403): two human-kind tokens, one revoked.
    const valid = new Map<string, Caller>([
      ['token-a', humanCaller],
      ['token-b', humanCaller],
    ]);
    const api = new WebSocketApi(orchestrator, (token) => valid.get(token));
    const server = createServer();
    server.on('upgrade', (request, socket, head) => api.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(async () => {
      api.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await orchestrator.close();
    });
    const open = async (token: string) => {
      const socket = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/api`, [
        WIRE_SUBPROTOCOL,
        TOKEN_SUBPROTOCOL_PREFIX + token,
      ]);
      await new Promise((resolve) => socket.once('open', resolve));
      return socket;
    };
    const revoked = await open('token-a');
    const kept = await open('token-b');
    expect(api.connectionCount).toBe(2);
    const end = closed(revoked);
    valid.delete('token-a');
    api.dropRevoked();
    expect(await end).toEqual({ code: CLOSE_TOKEN_REVOKED, reason: 'token revoked' });
    expect(kept.readyState).toBe(WebSocket.OPEN);
    kept.close();
  });

  it("the host wires it: agent.revokeTokens closes that agent's open /api socket at once", async () => {
    const h = await host();
    const { agent, token } = await h.orchestrator.fleet.spawn({
      name: 'leaver',
      kind: 'shell',
      role: 'custom',
    });
    const outcome = await connect(h.port, { token });
    // An agent token may be refused on /api altogether; then there is nothing left open to close.
    if (outcome.status !== 101) return expect(outcome.status).toBeGreaterThanOrEqual(400);
    const end = closed(outcome.socket!);
    await h.orchestrator.invoke(humanCaller, 'agent.revokeTokens', { agent: agent.id });
    expect((await end).code).toBe(CLOSE_TOKEN_REVOKED);
    await eventually(() => h.apiConnectionCount === 0);
  });
});
