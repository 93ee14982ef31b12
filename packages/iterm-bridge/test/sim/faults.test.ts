import { create, toBinary } from '@bufbuild/protobuf';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientOriginatedMessageSchema } from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { sub } from './helpers';
import { BASH, eventually, PYTHON_HEADERS, RawClient } from './raw-client';

const STRESS = process.env['STRESS'] === '1';
const FRAMES = Number(process.env['FAULT_FRAMES'] ?? (STRESS ? 10_000 : 1_000));
const FRAMES_PER_CONNECTION = 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A deterministic pseudo-random source, so a failing run can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const valid = [
  toBinary(
    ClientOriginatedMessageSchema,
    create(ClientOriginatedMessageSchema, { id: 7n, submessage: { case: 'listSessionsRequest', value: {} } }),
  ),
  toBinary(
    ClientOriginatedMessageSchema,
    create(ClientOriginatedMessageSchema, {
      id: 8n,
      submessage: { case: 'getBufferRequest', value: { session: 'all', lineRange: { trailingLines: 5 } } },
    }),
  ),
  toBinary(
    ClientOriginatedMessageSchema,
    create(ClientOriginatedMessageSchema, {
      id: 9n,
      submessage: {
        case: 'invokeFunctionRequest',
        value: {
          context: { case: 'app', value: {} },
          invocation: 'iterm2.apply_layout(spec_json_b64: "e30=")',
        },
      },
    }),
  ),
];

/** A malformed or truncated frame: random bytes, a cut valid request, flipped bytes or a bad length. */
function badFrame(random: () => number): Uint8Array {
  const pick = random();
  const base = valid[Math.floor(random() * valid.length)]!;
  if (pick < 0.3)
    return Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256));
  if (pick < 0.6) return base.subarray(0, Math.max(1, Math.floor(random() * base.length)));
  if (pick < 0.85) {
    const copy = Uint8Array.from(base);
    const at = Math.floor(random() * copy.length);
    copy[at] = copy[at]! ^ (1 << Math.floor(random() * 8));
    return copy;
  }
  // A length prefix far beyond the data.
  return Uint8Array.from([0x08, 0x01, 0xd2, 0x06, 0xff, 0xff, 0xff, 0x0f]);
}

/** Opens a raw TCP connection, completes the handshake, writes half a WebSocket frame, then vanishes. */
function abruptMidFrame(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.write(
      `GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\norigin: ws://localhost/\r\nx-iterm2-library-version: python 2.21\r\n\r\n`,
    );
    socket.once('data', () => {
      // FIN+binary, masked, 100-byte payload announced, 4 bytes sent.
      socket.write(Buffer.from([0x82, 0x80 | 100, 1, 2, 3, 4, 9, 9, 9, 9]));
      socket.destroy();
    });
  });
}

/** Garbage (or half a request head) where the HTTP upgrade should be, then gone. */
function garbageHandshake(port: number, random: () => number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.once('connect', () => {
      const half = random() < 0.5;
      socket.write(
        half
          ? 'GET / HTTP/1.1\r\nHost: localhost\r\nUpg'
          : Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
      );
      if (half) socket.destroy();
      else socket.end();
    });
  });
}

async function settle(server: SimServer, connections: number): Promise<{ heap: number; handles: number }> {
  await eventually(() => server.connectionCount() === connections, 20_000);
  await new Promise((r) => setTimeout(r, 200));
  let heap = Infinity;
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
    heap = Math.min(heap, process.memoryUsage().heapUsed);
  }
  return {
    heap,
    handles: process.getActiveResourcesInfo().filter((r) => r !== 'Timeout' && r !== 'Immediate').length,
  };
}

describe(`faults: ${FRAMES} malformed/truncated frames and abrupt disconnects`, () => {
  let server: SimServer;
  let bystander: RawClient;
  let session: string;
  beforeAll(async () => {
    server = await startSimServer({ shell: BASH });
    bystander = await RawClient.connect({ port: server.port });
    session = sub(
      await bystander.request({ case: 'createTabRequest', value: {} }),
      'createTabResponse',
    ).sessionId;
  });
  afterAll(async () => {
    await bystander.close();
    await server.close();
  });

  const barrage = async (frames: number, seed: number) => {
    const random = rng(seed);
    let sent = 0;
    while (sent < frames) {
      if (random() < 0.2) await abruptMidFrame(server.port!);
      if (random() < 0.2) await garbageHandshake(server.port!, random);
      const client = await RawClient.connect({ port: server.port }, PYTHON_HEADERS);
      const n = Math.min(FRAMES_PER_CONNECTION, frames - sent);
      for (let i = 0; i < n; i++) client.sendRaw(badFrame(random));
      sent += n;
      if (random() < 0.5) client.socket.terminate();
      else await client.close();
    }
  };

  it('no crash, the bystander keeps being served, heap and handles return to baseline', async () => {
    await barrage(200, 1); // warm-up: lazy allocations and JIT happen here, not in the measurement
    const baseline = await settle(server, 1);
    await barrage(FRAMES, 2);
    // One bad client never affects another: the bystander's requests still get exact answers.
    const list = sub(
      await bystander.request({ case: 'listSessionsRequest', value: {} }),
      'listSessionsResponse',
    );
    expect(list.windows.flatMap((w) => w.tabs).length).toBe(1);
    const screen = sub(
      await bystander.request({
        case: 'getBufferRequest',
        value: { session, lineRange: { screenContentsOnly: true } },
      }),
      'getBufferResponse',
    );
    expect(screen.status).toBe(0);
    const after = await settle(server, 1);
    if (process.env['FAULT_REPORT'])
      process.stderr.write(`faults: ${JSON.stringify({ frames: FRAMES, baseline, after })}\n`);
    expect(after.heap).toBeLessThanOrEqual(baseline.heap * 1.1);
    expect(after.handles).toBeLessThanOrEqual(Math.ceil(baseline.handles * 1.1));
  });
});
