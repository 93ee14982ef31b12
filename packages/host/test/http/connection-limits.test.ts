import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import {
  boundedServerOptions,
  capConnectionsAwaitingRequest,
  DEFAULT_CONNECTION_LIMITS,
  type ConnectionLimits,
} from '../../src/http/connection-limits';
import { startHost, type Host } from '../../src/index';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Short limits so a test sees Node's timers act; the host's own are `DEFAULT_CONNECTION_LIMITS`. */
const SHORT: ConnectionLimits = {
  headersTimeoutMs: 200,
  requestTimeoutMs: 400,
  keepAliveTimeoutMs: 200,
  checkIntervalMs: 50,
  maxAwaitingFirstRequest: 1000,
  unreadBodyGraceMs: 100,
  maxUnfinishedBodiesPerToken: 32,
};

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

/** A client that connects and sends the start of a request, never its end. */
function halfSent(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      socket.resume(); // reads what the server sends: its 408 and its end
      resolve(socket);
    });
    socket.on('error', () => socket.destroy());
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

const closed = (socket: Socket) =>
  new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

describe('connection limits', () => {
  it('the server closes a connection whose headers never end', async () => {
    const server = createServer(boundedServerOptions(SHORT), (_request, response) => response.end('ok'));
    const socket = await halfSent(await listen(server));
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it('an answer may take longer than the request time: a long-poll and a stream are not cut', async () => {
    const server = createServer(boundedServerOptions(SHORT), (request, response) => {
      if (request.url === '/poll') {
        setTimeout(() => response.end('message'), 3 * SHORT.requestTimeoutMs);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const tick = setInterval(() => {
        response.write(`data: ${++sent}\n\n`);
        if (sent === 6) {
          clearInterval(tick);
          response.end();
        }
      }, SHORT.requestTimeoutMs / 2);
    });
    const port = await listen(server);
    const [poll, stream] = await Promise.all([
      fetch(`http://127.0.0.1:${port}/poll`).then((r) => r.text()),
      fetch(`http://127.0.0.1:${port}/events`).then((r) => r.text()),
    ]);
    expect(poll).toBe('message');
    expect(stream.match(/data: \d/g)).toHaveLength(6);
  });

  it('an upgraded WebSocket outlives the request time', async () => {
    const server = createServer(boundedServerOptions(SHORT), (_request, response) => response.end('ok'));
    const sockets = new WebSocketServer({ noServer: true });
    server.on('upgrade', (request, socket, head) =>
      sockets.handleUpgrade(request, socket, head, (ws) => {
        let sent = 0;
        const tick = setInterval(() => {
          ws.send(String(++sent));
          if (sent === 6) {
            clearInterval(tick);
            ws.close(1000);
          }
        }, SHORT.requestTimeoutMs / 2);
      }),
    );
    const client = new WebSocket(`ws://127.0.0.1:${await listen(server)}/`);
    const received: string[] = [];
    client.on('message', (data: Buffer) => received.push(data.toString()));
    const code = await new Promise<number>((resolve) => client.on('close', resolve));
    expect({ code, received }).toEqual({ code: 1000, received: ['1', '2', '3', '4', '5', '6'] });
  });

  it('past the cap, the oldest connections that asked nothing are closed; those that asked are kept', async () => {
    const server = createServer(
      boundedServerOptions({ ...SHORT, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 }),
      (_request, response) => response.end('ok'),
    );
    capConnectionsAwaitingRequest(server, 3);
    const port = await listen(server);
    const answered = connect(port, '127.0.0.1');
    cleanups.push(() => void answered.destroy());
    const ask = () => {
      answered.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      return new Promise((resolve) => answered.once('data', resolve));
    };
    await ask();
    const waiting: Socket[] = [];
    for (let i = 0; i < 5; i++) waiting.push(await halfSent(port));
    await Promise.all(waiting.slice(0, 2).map(closed));
    // A second request on the kept connection: the server has seen every connection before it answers.
    await ask();
    expect(waiting.map((s) => s.destroyed)).toEqual([true, true, false, false, false]);
    expect(answered.destroyed).toBe(false);
  });
});

describe('the host under slow-loris', () => {
  it("holds 1,000 half-sent requests to at most the cap and answers a real client's /health", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-loris-'));
    const host: Host = await startHost({ dataDir: dir, backend: 'memory' });
    cleanups.push(() => host.close());
    const sockets: Socket[] = [];
    for (let i = 0; i < 1000; i++) sockets.push(await halfSent(host.port));
    const health = await fetch(`${host.url}/health`);
    expect(health.status).toBe(200);
    const cap = DEFAULT_CONNECTION_LIMITS.maxAwaitingFirstRequest;
    await vi.waitFor(
      () => expect(sockets.filter((s) => s.destroyed).length).toBeGreaterThanOrEqual(1000 - cap),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    // The ones closed are the oldest: all but the newest `cap` (one more made room for the real client's).
    expect(sockets.slice(1 - cap).every((s) => !s.destroyed)).toBe(true);
  }, 30_000);

  it('answers a request without a token at once and ends its connection: no body dripped for a minute', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-drip-'));
    const host: Host = await startHost({ dataDir: dir, backend: 'memory' });
    cleanups.push(() => host.close());
    const drippers = await Promise.all(
      ['/mcp', '/hook', '/mcp'].map(
        (path) =>
          new Promise<{ socket: Socket; answer: () => string }>((resolve) => {
            let answer = '';
            const socket = connect(host.port, '127.0.0.1', () => {
              socket.write(
                `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Type: application/json\r\n` +
                  'Content-Length: 100000\r\n\r\n{"a',
              );
              resolve({ socket, answer: () => answer });
            });
            // A byte every half second: the host's keep-alive time (5 s, since its answer) never runs out.
            const drip = setInterval(() => socket.writable && socket.write('a'), 500);
            socket.once('close', () => clearInterval(drip));
            socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
            socket.on('error', () => socket.destroy());
            cleanups.push(() => void socket.destroy());
          }),
      ),
    );
    await Promise.all(drippers.map(({ socket }) => closed(socket)));
    expect(drippers.map(({ answer }) => answer().split('\r\n')[0])).toEqual(
      Array(3).fill('HTTP/1.1 401 Unauthorized'),
    );
  });

  it("holds at most 32 requests of one agent's token dripping their bodies; the rest are answered 429 at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-bodies-'));
    const host: Host = await startHost({ dataDir: dir, backend: 'memory' });
    cleanups.push(() => host.close());
    const { token } = await host.orchestrator.fleet.spawn({
      name: 'dripper',
      kind: 'shell',
      role: 'builder',
    });
    const cap = DEFAULT_CONNECTION_LIMITS.maxUnfinishedBodiesPerToken;
    const answers: (() => string)[] = [];
    for (let i = 0; i < cap + 8; i++) {
      let answer = '';
      const socket = await new Promise<Socket>((resolve) => {
        const s = connect(host.port, '127.0.0.1', () => resolve(s));
        s.on('error', () => s.destroy());
      });
      cleanups.push(() => void socket.destroy());
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      // Headers with a valid token, then a body that never ends (before: every one held for the request time).
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a',
      );
      answers.push(() => answer);
    }
    await vi.waitFor(() => expect(answers.filter((a) => a().startsWith('HTTP/1.1 429')).length).toBe(8), {
      timeout: 10_000,
      interval: 50,
    });
    expect(answers.slice(0, cap).every((a) => a() === '')).toBe(true);
    // Another caller (the person) is not held up by the agent's cap.
    expect((await fetch(`${host.url}/health`)).status).toBe(200);
  });
});
