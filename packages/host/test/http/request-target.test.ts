// A request target the URL parser refuses (`//%`, `//[`: read as an authority) is answered, and the host goes on.
// Before session 24 the parser's throw escaped Node's request listener: one unauthenticated `GET //% HTTP/1.1`, which
// any web page's <img src="http://127.0.0.1:7433//%"> sends, ended the host process.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../src/index';
import { answeringOnThrow } from '../../src/http/listener-guard';
import { pathOf } from '../../src/http/request-path';

const BROKEN = ['//%', '//[', '//a b'];

/** The status line of the answer to one raw request, or '' if the connection closed without one. */
async function statusOf(url: URL, head: string): Promise<string> {
  const socket = createConnection(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  socket.on('data', (chunk) => (text += chunk));
  socket.write(head);
  await new Promise<void>((resolve) => {
    socket.on('data', () => text.includes('\r\n') && resolve());
    socket.once('close', () => resolve());
  });
  socket.destroy();
  return text.split('\r\n')[0] ?? '';
}

describe('a request target that is not a URL path', () => {
  let host: Host;
  beforeAll(async () => {
    host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-target-')), backend: 'memory' });
  });
  afterAll(async () => {
    await host.close();
  });

  it.each(BROKEN.filter((t) => !t.includes(' ')))(
    'GET %s is answered 400, and the host still answers',
    async (target) => {
      const url = new URL(host.mcpUrl);
      expect(await statusOf(url, `GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)).toBe(
        'HTTP/1.1 400 Bad Request',
      );
      expect((await fetch(new URL('/health', url))).status).toBe(200);
    },
  );

  it('a WebSocket upgrade to //% is refused 404, and the host still answers', async () => {
    const url = new URL(host.mcpUrl);
    const upgrade =
      `GET //% HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    expect(await statusOf(url, upgrade)).toBe('HTTP/1.1 404 Not Found');
    expect((await fetch(new URL('/health', url))).status).toBe(200);
  });

  it.each(BROKEN)('pathOf(%j) is undefined, not a throw', (target) => {
    expect(pathOf(target)).toBeUndefined();
  });
});

it('a request listener that throws answers 500 and reports the error; the server goes on', async () => {
  const reported: unknown[] = [];
  let calls = 0;
  const server = createServer(
    answeringOnThrow(
      (_request, response) => {
        if ((calls += 1) === 1) throw new Error('a bug');
        response.end('fine');
      },
      (error) => reported.push(error),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  expect((await fetch(url)).status).toBe(500);
  expect(await (await fetch(url)).text()).toBe('fine');
  expect(reported).toEqual([new Error('a bug')]);
  await new Promise((resolve) => server.close(resolve));
});
