import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { BASH, RawClient } from './raw-client';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/python-2.21-golden.json', import.meta.url), 'utf8'),
) as {
  handshake: {
    requestLine: string;
    headers: [string, string][];
    expectedStatusLine: string;
    expectedHeaders: Record<string, string>;
  };
};
const PYTHON = fixture.handshake.headers;

type Target = { port: number } | { path: string };

/** Sends a raw HTTP request head; resolves with the status line, headers and whether the server closed. */
function handshake(
  target: Target,
  requestLine: string,
  headers: [string, string][],
): Promise<{ status: string; headers: Record<string, string>; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = 'port' in target ? connect(target.port, '127.0.0.1') : connect(target.path);
    let text = '';
    const done = () => {
      const [head = ''] = text.split('\r\n\r\n');
      const [status = '', ...lines] = head.split('\r\n');
      const parsed = Object.fromEntries(
        lines
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      socket.destroy();
      resolve({ status, headers: parsed, raw: text });
    };
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (text.startsWith('HTTP/1.1 101') && text.includes('\r\n\r\n')) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.write(`${requestLine}\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  });
}

const without = (name: string) => PYTHON.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
const replace = (name: string, value: string) =>
  PYTHON.map(([k, v]): [string, string] => (k.toLowerCase() === name.toLowerCase() ? [k, value] : [k, v]));

describe('handshake (§1.1, §1.2)', () => {
  let server: SimServer;
  let target: Target;
  beforeAll(async () => {
    server = await startSimServer({ shell: BASH });
    target = { port: server.port! };
  });
  afterAll(() => server.close());

  it('answers the Python library exactly: 101, subprotocol, protocol version 1.17, no permessage-deflate', async () => {
    const r = await handshake(target, fixture.handshake.requestLine, PYTHON);
    expect(r.status).toBe(fixture.handshake.expectedStatusLine);
    expect(r.headers).toEqual(fixture.handshake.expectedHeaders);
  });

  const failures: [string, string, [string, string][], string][] = [
    ['path other than /', 'GET /api HTTP/1.1', PYTHON, '400 Bad Request'],
    ['method other than GET', 'POST / HTTP/1.1', PYTHON, '400 Bad Request'],
    ['HTTP/1.0', 'GET / HTTP/1.0', PYTHON, '400 Bad Request'],
    ['a content-length header', 'GET / HTTP/1.1', [...PYTHON, ['Content-Length', '0']], '400 Bad Request'],
    ['Upgrade not websocket', 'GET / HTTP/1.1', replace('Upgrade', 'h2c'), '400 Bad Request'],
    [
      'Connection with more than Upgrade',
      'GET / HTTP/1.1',
      replace('Connection', 'keep-alive, Upgrade'),
      '400 Bad Request',
    ],
    [
      'several subprotocols',
      'GET / HTTP/1.1',
      replace('Sec-WebSocket-Protocol', 'api.iterm2.com, chat'),
      '400 Bad Request',
    ],
    ['no Sec-WebSocket-Key', 'GET / HTTP/1.1', without('Sec-WebSocket-Key'), '400 Bad Request'],
    ['no Sec-WebSocket-Version', 'GET / HTTP/1.1', without('Sec-WebSocket-Version'), '400 Bad Request'],
    ['Sec-WebSocket-Version 8', 'GET / HTTP/1.1', replace('Sec-WebSocket-Version', '8'), '400 Bad Request'],
    ['no Host', 'GET / HTTP/1.1', without('Host'), '400 Bad Request'],
    ['a remote Host', 'GET / HTTP/1.1', replace('Host', 'example.com'), '400 Bad Request'],
    ['no Origin', 'GET / HTTP/1.1', without('origin'), '400 Bad Request'],
    ['a remote Origin', 'GET / HTTP/1.1', replace('origin', 'http://evil.example/'), '400 Bad Request'],
    ['no library version', 'GET / HTTP/1.1', without('x-iterm2-library-version'), '400 Bad Request'],
    [
      'a one-word library version',
      'GET / HTTP/1.1',
      replace('x-iterm2-library-version', 'python'),
      '400 Bad Request',
    ],
    [
      'python library older than 0.24',
      'GET / HTTP/1.1',
      replace('x-iterm2-library-version', 'python 0.23'),
      '406 Unacceptable (upgrade Python library)',
    ],
  ];
  for (const [what, line, headers, status] of failures) {
    it(`${what} → HTTP/1.1 ${status}, no headers, connection closed`, async () => {
      const r = await handshake(target, line, headers);
      expect(r.raw).toBe(`HTTP/1.1 ${status}\r\n\r\n`);
    });
  }

  const accepted: [string, [string, string][]][] = [
    ['quirk: no Upgrade header', without('Upgrade')],
    ['quirk: no Connection header', without('Connection')],
    ['quirk: no Sec-WebSocket-Protocol header', without('Sec-WebSocket-Protocol')],
    ['Host 127.0.0.1 with a port', replace('Host', '127.0.0.1:1912')],
    ['Host [::1] with a port', replace('Host', '[::1]:1912')],
    ['python 0.24', replace('x-iterm2-library-version', 'python 0.24')],
    ['a non-python library of any version', replace('x-iterm2-library-version', 'typescript 0.1')],
  ];
  for (const [what, headers] of accepted) {
    it(`${what} → 101`, async () => {
      const r = await handshake(target, 'GET / HTTP/1.1', headers);
      expect(r.status).toBe('HTTP/1.1 101 Switching Protocols');
      expect(r.headers['x-iterm2-protocol-version']).toBe('1.17');
    });
  }

  it('a client asking for a WebSocket version above 13 is told 13', async () => {
    const r = await handshake(target, 'GET / HTTP/1.1', replace('Sec-WebSocket-Version', '14'));
    expect(r.status).toBe('HTTP/1.1 101 Switching Protocols');
    expect(r.headers['sec-websocket-version']).toBe('13');
  });

  it('more than 100 headers or a line over 4096 bytes → 400', async () => {
    const many = [
      ...PYTHON,
      ...Array.from({ length: 100 }, (_, i): [string, string] => [`x-filler-${i}`, 'a']),
    ];
    expect((await handshake(target, 'GET / HTTP/1.1', many)).raw).toBe('HTTP/1.1 400 Bad Request\r\n\r\n');
    const long = [...PYTHON, ['x-long', 'a'.repeat(5000)] as [string, string]];
    expect((await handshake(target, 'GET / HTTP/1.1', long)).raw).toBe('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
});

describe('authentication (§1.3)', () => {
  it('with a cookie configured: missing or unknown → 401 (also with disable-auth-ui); the reusable cookie works repeatedly', async () => {
    const server = await startSimServer({ shell: BASH, cookie: true });
    try {
      const target = { port: server.port! };
      expect((await handshake(target, 'GET / HTTP/1.1', PYTHON)).raw).toBe(
        'HTTP/1.1 401 Unauthorized\r\n\r\n',
      );
      expect((await handshake(target, 'GET / HTTP/1.1', without('x-iterm2-disable-auth-ui'))).raw).toBe(
        'HTTP/1.1 401 Unauthorized\r\n\r\n',
      );
      expect(
        (await handshake(target, 'GET / HTTP/1.1', [...PYTHON, ['x-iterm2-cookie', 'f'.repeat(32)]])).raw,
      ).toBe('HTTP/1.1 401 Unauthorized\r\n\r\n');
      expect(server.cookie).toMatch(/^[0-9a-f]{32}$/);
      for (let i = 0; i < 2; i++) {
        const ok = await handshake(target, 'GET / HTTP/1.1', [
          ...PYTHON,
          ['x-iterm2-cookie', server.cookie!],
        ]);
        expect(ok.status).toBe('HTTP/1.1 101 Switching Protocols');
      }
    } finally {
      await server.close();
    }
  });

  it('an issued single-use cookie is consumed by its first successful match', async () => {
    const server = await startSimServer({ shell: BASH, cookie: 'c'.repeat(32) });
    try {
      const target = { port: server.port! };
      const { cookie, key } = server.issueCookie();
      expect(key).toMatch(/^[0-9A-F-]{36}$/);
      const headers: [string, string][] = [...PYTHON, ['x-iterm2-cookie', cookie], ['x-iterm2-key', key]];
      expect((await handshake(target, 'GET / HTTP/1.1', headers)).status).toBe(
        'HTTP/1.1 101 Switching Protocols',
      );
      expect((await handshake(target, 'GET / HTTP/1.1', headers)).raw).toBe(
        'HTTP/1.1 401 Unauthorized\r\n\r\n',
      );
    } finally {
      await server.close();
    }
  });
});

describe('unix socket', () => {
  it('listens on a 0600 socket and speaks the same protocol; close removes the file', async () => {
    const path = join(tmpdir(), `sim-${process.pid}-${Date.now()}.sock`);
    const server = await startSimServer({ shell: BASH, unixPath: path });
    try {
      expect(server.port).toBeUndefined();
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const r = await handshake({ path }, 'GET / HTTP/1.1', PYTHON);
      expect(r.status).toBe('HTTP/1.1 101 Switching Protocols');
      const client = await RawClient.connect({ unixPath: path });
      const list = await client.request({ case: 'listSessionsRequest', value: {} });
      expect(list.submessage.case).toBe('listSessionsResponse');
      await client.close();
    } finally {
      await server.close();
    }
    expect(() => statSync(path)).toThrow();
  });
});
