import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientOriginatedMessageSchema } from '../../src/gen/api_pb';
import {
  decodeClientMessage,
  MAX_QUEUED_BYTES_PER_CONNECTION,
  MAX_QUEUED_BYTES_TOTAL,
  MAX_QUEUED_REQUESTS_PER_CONNECTION,
} from '../../src/sim/dispatcher';
import { MAX_CLIENT_MESSAGE_BYTES, startSimServer, type SimServer } from '../../src/sim/index';
import { newWindow, sub } from './helpers';
import { BASH, eventually, RawClient } from './raw-client';

let server: SimServer | undefined;
afterEach(async () => server?.close());

const listSessions = (id: bigint) =>
  toBinary(
    ClientOriginatedMessageSchema,
    create(ClientOriginatedMessageSchema, { id, submessage: { case: 'listSessionsRequest', value: {} } }),
  );
const closedWith = (client: RawClient) =>
  new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));

describe('embedded server limits', () => {
  it(`closes a client message over ${MAX_CLIENT_MESSAGE_BYTES} bytes with 1009; other clients keep being served`, async () => {
    server = await startSimServer();
    const bystander = await RawClient.connect({ port: server.port });
    const client = await RawClient.connect({ port: server.port });
    const end = closedWith(client);
    // The frame of the report: 0x41 bytes, each pair an unknown fixed64 field once decoded.
    client.sendRaw(new Uint8Array(MAX_CLIENT_MESSAGE_BYTES + 1).fill(0x41));
    expect(await end).toBe(1009);
    expect(
      sub(await bystander.request({ case: 'listSessionsRequest', value: {} }), 'listSessionsResponse')
        .windows,
    ).toEqual([]);
    await bystander.close();
  });

  it('answers a request padded with an unknown-field flood as iTerm2 does (fields skipped), without keeping the fields', async () => {
    const request = listSessions(5n);
    const flood = new Uint8Array(900_000).fill(0x41).subarray(0, 900_000 - (900_000 % 9));
    const padded = new Uint8Array(request.length + flood.length);
    padded.set(request);
    padded.set(flood, request.length);
    const decoded = decodeClientMessage(padded);
    expect(decoded?.submessage.case).toBe('listSessionsRequest');
    expect(decoded?.$unknown).toBeUndefined();
    server = await startSimServer();
    const client = await RawClient.connect({ port: server.port });
    expect(sub(await client.call(padded, 5n), 'listSessionsResponse').windows).toEqual([]);
    await client.close();
  });

  it('ignores a frame of nested unknown groups deeper than the recursion limit (no stack overflow, connection kept)', async () => {
    const nested = new Uint8Array(200_000).fill(0x13); // field 2 (unknown), start group, forever
    expect(decodeClientMessage(nested)).toBeUndefined();
    server = await startSimServer();
    const client = await RawClient.connect({ port: server.port });
    client.sendRaw(nested);
    expect(sub(await client.call(listSessions(6n), 6n), 'listSessionsResponse').windows).toEqual([]);
    await client.close();
  });

  it.each([
    ['requests', MAX_QUEUED_REQUESTS_PER_CONNECTION + 1, 0],
    ['bytes', Math.ceil(MAX_QUEUED_BYTES_PER_CONNECTION / 900_000) + 1, 900_000],
  ])(
    "drops a connection whose requests queued behind another's transaction pass the bound (%s); the others are served",
    async (_bound, frames, padding) => {
      server = await startSimServer();
      const holder = await RawClient.connect({ port: server.port });
      const bystander = await RawClient.connect({ port: server.port });
      const flooder = await RawClient.connect({ port: server.port });
      const begun = await holder.request({ case: 'transactionRequest', value: { begin: true } });
      expect(sub(begun, 'transactionResponse').status).toBe(0);
      const answered = bystander.request({ case: 'listSessionsRequest', value: {} });
      await eventually(() => server!.queuedRequestCount() === 1);
      const end = closedWith(flooder);
      // A request padded with unknown fixed64 fields (9 bytes each, skipped as in the flood above) to make it large.
      const frame = new Uint8Array(listSessions(7n).length + padding).fill(0x41);
      frame.set(listSessions(7n));
      for (let i = 0; i < frames; i++) flooder.sendRaw(frame);
      expect(await end).toBe(1006);
      expect(server.queuedRequestCount()).toBe(1);
      await holder.request({ case: 'transactionRequest', value: { begin: false } });
      expect(sub(await answered, 'listSessionsResponse').windows).toEqual([]);
      await holder.close();
      await bystander.close();
    },
  );

  it('drops the client with the most unread output once all clients together pass maxUnreadOutputBytes; the others are served', async () => {
    const unixPath = join(mkdtempSync(join(tmpdir(), 'sb-unread-')), 'api.sock');
    server = await startSimServer({ unixPath, shell: BASH, maxUnreadOutputBytes: 4 * 1024 * 1024 });
    const bystander = await RawClient.connect({ unixPath });
    const { sessionId } = await newWindow(bystander);
    const line = 'z'.repeat(120);
    await bystander.request({
      case: 'injectRequest',
      value: { sessionId: [sessionId], data: new TextEncoder().encode(Array(600).fill(line).join('\r\n')) },
    });
    // ~74 KB an answer: 40 of them are ~3 MB, under the total for one client that never reads, over it for two.
    const request = toBinary(
      ClientOriginatedMessageSchema,
      create(ClientOriginatedMessageSchema, {
        id: 9n,
        submessage: {
          case: 'getBufferRequest',
          value: { session: sessionId, lineRange: { trailingLines: 2_000 } },
        },
      }),
    );
    const stalled = async () => {
      const client = await RawClient.connect({ unixPath });
      const stream = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      stream.pause();
      return { client, stream };
    };
    const first = await stalled();
    for (let i = 0; i < 40; i++) first.client.sendRaw(request);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.connectionCount()).toBe(2);
    const second = await stalled();
    for (let i = 0; i < 40; i++) second.client.sendRaw(request);
    // Together they pass the total: the server cuts the one holding the most (a paused client hears of it once it
    // reads again), and only that one.
    await eventually(() => server!.connectionCount() === 2);
    const cut = Promise.race([closedWith(first.client), closedWith(second.client)]);
    first.stream.resume();
    second.stream.resume();
    expect(await cut).toBe(1006);
    expect([first.client.closed, second.client.closed].filter(Boolean)).toHaveLength(1);
    expect(
      sub(await bystander.request({ case: 'listSessionsRequest', value: {} }), 'listSessionsResponse')
        .windows,
    ).toHaveLength(1);
    first.client.socket.terminate();
    second.client.socket.terminate();
    await bystander.close();
  });

  it('drops the connection with the most queued once all connections together queue past the total', async () => {
    server = await startSimServer();
    const holder = await RawClient.connect({ port: server.port });
    const begun = await holder.request({ case: 'transactionRequest', value: { begin: true } });
    expect(sub(begun, 'transactionResponse').status).toBe(0);
    // Each queues 7 frames of 900 KB (6.3 MB, under its own bound); together they pass the total.
    const frame = new Uint8Array(listSessions(7n).length + 900_000).fill(0x41);
    frame.set(listSessions(7n));
    const each = 7 * frame.length;
    const count = Math.floor(MAX_QUEUED_BYTES_TOTAL / each) + 1;
    const flooders = await Promise.all(
      Array.from({ length: count }, () => RawClient.connect({ port: server!.port })),
    );
    const closes = flooders.map(closedWith);
    for (const flooder of flooders) for (let i = 0; i < 7; i++) flooder.sendRaw(frame);
    expect(await Promise.race(closes)).toBe(1006);
    await eventually(() => server!.queuedRequestCount() === (count - 1) * 7);
    expect(flooders.filter((f) => f.closed)).toHaveLength(1);
    await holder.request({ case: 'transactionRequest', value: { begin: false } });
    await eventually(() => server!.queuedRequestCount() === 0);
    expect(flooders.filter((f) => f.closed)).toHaveLength(1);
    for (const flooder of flooders) await flooder.close();
    await holder.close();
  });
});
