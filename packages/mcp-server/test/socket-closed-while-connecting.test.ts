// An mcp.sock connection that closes while its session's SDK server is still connecting: the lines it sent with its
// token (a long-poll among them) must not run once the server is ready, as nobody is left to answer or to end them.
// Found by STRESS=1's client-cycles (1,000 dropped long-polls at load 17-20): such a receive parked its full 600 s
// with no caller-gone signal ever to come (the socket's 'close' had already fired), and the inbox's waiters grew.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import type { Caller } from '@switchboard/protocol';
import { loadSdkServer, type SdkServer } from '../src/load-sdk-server';
import { listenMcpSocket } from '../src/socket-endpoint';
import { connectLines } from './support/line-client';

const TOKEN = 'token-poller-secret';
let orchestrator: Orchestrator;
let poller: Caller;
beforeAll(async () => {
  orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  const { agent } = await orchestrator.fleet.spawn({ name: 'poller', kind: 'shell', role: 'builder' });
  poller = { kind: 'agent', id: agent.id };
});
afterAll(() => orchestrator.close());

/** The real SDK server, whose sessions finish connecting only when `release` is called. */
async function gatedSdk() {
  const real = await loadSdkServer();
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let connecting = (): void => undefined;
  const started = new Promise<void>((resolve) => (connecting = resolve));
  let connected = (): void => undefined;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const sdk: SdkServer = {
    ...real,
    createMcpServer: (api, caller) => {
      const server = real.createMcpServer(api, caller);
      const connect = server.connect.bind(server);
      server.connect = async (transport) => {
        connecting();
        await gate;
        await connect(transport);
        connected();
      };
      return server;
    },
  };
  return { load: () => Promise.resolve(sdk), started, release, ready };
}

describe('an mcp.sock connection closed while its session connects', { timeout: 30_000 }, () => {
  it('runs none of the lines it sent: no long-poll is left parked for a caller already gone', async () => {
    const sdk = await gatedSdk();
    const endpoint = await listenMcpSocket({
      api: orchestrator,
      authenticate: (token) => (token === TOKEN ? poller : undefined),
      path: join(mkdtempSync(join(tmpdir(), 'sb-sock-early-')), 'mcp.sock'),
      loadSdk: sdk.load,
    });
    try {
      const client = await connectLines(endpoint.path);
      // The token and a long-poll in one write: the host holds the receive's line until the session is ready.
      client.send(
        { token: TOKEN },
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'message_receive', arguments: { wait: 600 } },
        },
      );
      await sdk.started;
      client.socket.destroy();
      await eventually(() => endpoint.connectionCount === 0, 20_000, 'the host to see the close');
      sdk.release();
      await sdk.ready;
      // Whatever the ready session would run starts within the turn after it connected.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(orchestrator.messages.waitingReceives(poller.id)).toBe(0);
    } finally {
      await endpoint.close();
    }
  });
});
