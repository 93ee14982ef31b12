import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEADERS, MAX_LINE_BYTES, readUpgradeRequest, type ReadResult } from '../../src/sim/http-upgrade';

const HEAD =
  'GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nx-iterm2-library-version: python 2.21\r\n\r\n';

let server: Server;
let port: number;
const accepted: Socket[] = [];
const clients: Socket[] = [];
beforeAll(async () => {
  server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of [...clients, ...accepted]) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** Reads a request head on a real accepted socket, its bytes handed over in exactly the chunks given. */
async function readChunks(chunks: Buffer[]): Promise<ReadResult> {
  const client = createConnection(port, '127.0.0.1');
  clients.push(client);
  await new Promise((resolve) => client.once('connect', resolve));
  while (accepted.length < clients.length) await new Promise((resolve) => setTimeout(resolve, 5));
  const socket = accepted[clients.length - 1]!;
  socket.pause();
  const result = readUpgradeRequest(socket, 5_000);
  for (const chunk of chunks) socket.emit('data', chunk);
  return result;
}

const bytesOf = (text: string) => [...Buffer.from(text, 'latin1')].map((b) => Buffer.from([b]));
const headers = (result: ReadResult) =>
  'request' in result ? Object.fromEntries(result.request.headers) : result;

describe('the sim server reading an upgrade request head in pieces', () => {
  it('a head sent a byte at a time reads as the same head sent whole, the bytes after it kept', async () => {
    const whole = await readChunks([Buffer.from(`${HEAD}\x81\x00`, 'latin1')]);
    const dripped = await readChunks(bytesOf(HEAD.slice(0, -1)).concat(Buffer.from('\n\x81', 'latin1')));
    expect(headers(dripped)).toEqual(headers(whole));
    expect(headers(whole)).toMatchObject({ upgrade: 'websocket', 'x-iterm2-library-version': 'python 2.21' });
    expect(dripped).toMatchObject({ request: { method: 'GET', path: '/', version: 'HTTP/1.1' } });
    // What came after the blank line in the same chunk is the start of the WebSocket's bytes.
    expect('head' in whole && [...whole.head]).toEqual([0x81, 0x00]);
    expect('head' in dripped && [...dripped.head]).toEqual([0x81]);
  });

  it('a CRLF or the blank line cut across chunks at every place', async () => {
    for (let cut = 1; cut < HEAD.length; cut++) {
      const text = Buffer.from(HEAD, 'latin1');
      const result = await readChunks([text.subarray(0, cut), text.subarray(cut)]);
      expect(headers(result), `cut at ${cut}`).toMatchObject({ host: 'localhost' });
    }
  });

  it('a line over 4096 bytes or more than 100 headers is refused before the head ends, also a byte at a time', async () => {
    const longLine = `GET / HTTP/1.1\r\nx-long: ${'a'.repeat(MAX_LINE_BYTES)}`;
    expect(await readChunks(bytesOf(longLine))).toEqual({ malformed: true });
    expect(await readChunks([Buffer.from(`${longLine}\r`), Buffer.from('\n')])).toEqual({ malformed: true });
    const atLimit = `GET / HTTP/1.1\r\nx: ${'a'.repeat(MAX_LINE_BYTES - 3)}\r\n\r\n`;
    expect(headers(await readChunks(bytesOf(atLimit)))).toEqual({ x: 'a'.repeat(MAX_LINE_BYTES - 3) });
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `x-${i}: a\r\n`).join('');
    // 101 header lines ended: with the request line and the line now arriving that is 103 lines, over the 102 allowed.
    expect(await readChunks(bytesOf(`GET / HTTP/1.1\r\n${lines(MAX_HEADERS + 1)}`))).toEqual({
      malformed: true,
    });
    const full = await readChunks(bytesOf(`GET / HTTP/1.1\r\n${lines(MAX_HEADERS)}\r\n`));
    expect(Object.keys(headers(full))).toHaveLength(MAX_HEADERS);
  });
});
