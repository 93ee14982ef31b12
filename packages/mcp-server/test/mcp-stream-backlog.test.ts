// A client that opens its session's GET stream (where notifications travel) and never reads it is cut once a bounded
// backlog waits for it, instead of the host keeping every notification.
import { createServer } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { createMcpEndpoint } from '../src/index';

const BACKLOG = 64 * 1024;
/** ~4 KB each: well past the bound and what the loopback's socket buffers take (a few MB). */
const STRESS = process.env['STRESS'] === '1';
const NOTIFICATIONS = STRESS ? 20_000 : 4_000;
const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'backlog', version: '1' },
};

// STRESS's 20,000 notifications took over 60 s at load 20: the run's own 10-minute timeout there.
describe('MCP GET stream backlog', { timeout: STRESS ? 600_000 : 60_000 }, () => {
  it('cuts a GET stream its client does not read once the notifications waiting for it pass the bound', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const endpoint = createMcpEndpoint({
      api: orchestrator,
      authenticate: (t) => (t === 'secret' ? humanCaller : undefined),
      streamBacklogBytes: BACKLOG,
    });
    const server = createServer((request, response) => void endpoint.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/mcp`;
    const headers = (session?: string) => ({
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: 'Bearer secret',
      'mcp-protocol-version': '2025-06-18',
      ...(session ? { 'mcp-session-id': session } : {}),
    });
    try {
      const init = await fetch(url, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT }),
      });
      await init.text();
      const session = init.headers.get('mcp-session-id')!;
      await fetch(url, {
        method: 'POST',
        headers: headers(session),
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      }).then((r) => r.text());

      // The stream, opened by hand and never read.
      const stream = createConnection(port, '127.0.0.1');
      await new Promise((resolve) => stream.once('connect', resolve));
      let received = 0;
      let closed = false;
      stream.on('data', (chunk: Buffer) => (received += chunk.length));
      stream.once('close', () => (closed = true));
      stream.on('error', () => undefined);
      const head = Object.entries({
        ...headers(session),
        accept: 'text/event-stream',
        host: `127.0.0.1:${port}`,
      })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      stream.write(`GET /mcp HTTP/1.1\r\n${head}\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      stream.pause();
      // A second GET of the session (the SDK answers 409: one stream a session) must not hide the first.
      const second = await fetch(url, {
        method: 'GET',
        headers: { ...headers(session), accept: 'text/event-stream' },
      });
      await second.text();
      expect(second.status).toBe(409);

      const details = 'x'.repeat(4000);
      let sent = 0;
      for (let i = 0; i < NOTIFICATIONS; i++) {
        await orchestrator.invoke(humanCaller, 'human.notify', { summary: `note ${i}`, details });
        sent += details.length;
        if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      // Reading now: a cut stream ends after what it had taken; one kept open would deliver everything and stay.
      stream.resume();
      await expect.poll(() => closed, { timeout: 20_000, message: 'the cut stream to end' }).toBe(true);
      expect(received).toBeLessThan(sent);
      stream.destroy();
    } finally {
      await endpoint.close();
      server.closeAllConnections();
      server.close();
      await orchestrator.close();
    }
  });
});
