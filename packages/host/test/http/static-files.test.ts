import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentTypeFor, createStaticFiles, UI_RESPONSE_HEADERS } from '../../src/http/static-files';

const INDEX = '<!doctype html><title>ui</title>';

/** Sends a request line exactly as written (no client-side normalisation of `..`) and returns status and body. */
function raw(
  port: number,
  target: string,
  headers = '',
): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`),
    );
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('the one static file server (sirv, one MIME table)', () => {
  let outside: string;
  let root: string;
  let server: Server;
  let port: number;

  beforeEach(async () => {
    outside = mkdtempSync(join(tmpdir(), 'sb-static-'));
    root = join(outside, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(outside, 'secret.txt'), 'SECRET');
    writeFileSync(join(root, '.env'), 'SECRET');
    writeFileSync(join(root, 'assets/app-1.js'), 'export const a = 1;');
    const files = createStaticFiles(root, UI_RESPONSE_HEADERS);
    server = createServer((request, response) => files.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(outside, { recursive: true, force: true });
  });

  it('says how to build the UI until it is built, then serves it (no restart needed)', async () => {
    const before = await raw(port, '/');
    expect(before.status).toBe(503);
    expect(before.body).toContain('npm run build');
    writeFileSync(join(root, 'index.html'), INDEX);
    const after = await raw(port, '/');
    expect(after.status).toBe(200);
    expect(after.body).toBe(INDEX);
  });

  it('serves files with the security headers and the MIME table; routes get index.html, missing assets 404', async () => {
    writeFileSync(join(root, 'index.html'), INDEX);
    const script = await raw(port, '/assets/app-1.js');
    expect(script.status).toBe(200);
    expect(script.body).toBe('export const a = 1;');
    expect(script.head).toContain(`content-type: ${contentTypeFor('app-1.js')}`);
    for (const [name, value] of Object.entries(UI_RESPONSE_HEADERS))
      expect(script.head).toContain(`${name}: ${value.toLowerCase()}`);
    const route = await raw(port, '/agents/alpha?tab=log');
    expect(route.status).toBe(200);
    expect(route.body).toBe(INDEX);
    expect((await raw(port, '/assets/missing.js')).status).toBe(404);
  });

  it('revalidates with an ETag (304, no body)', async () => {
    writeFileSync(join(root, 'index.html'), INDEX);
    const first = await raw(port, '/assets/app-1.js');
    const etag = /etag: (.*)/.exec(first.head)?.[1];
    expect(etag).toBeTruthy();
    const second = await raw(port, '/assets/app-1.js', `If-None-Match: ${etag!.replace(/^w\//, 'W/')}\r\n`);
    expect(second.status).toBe(304);
    expect(second.body).toBe('');
  });

  it('refuses every way out of the folder and every dot-file', async () => {
    writeFileSync(join(root, 'index.html'), INDEX);
    for (const target of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/.env',
      '/assets/%2eenv/../../.env',
      '/x%00.js',
      '/%E0%A4%A',
      `/${'../'.repeat(20)}etc/passwd`,
      `//${outside.slice(1)}/secret.txt`,
    ]) {
      const answer = await raw(port, target);
      expect(answer.body, target).not.toContain('SECRET');
      expect(answer.body, target).not.toContain('root:');
      expect([200, 400, 404], target).toContain(answer.status);
      if (answer.status === 200) expect(answer.body, target).toBe(INDEX);
    }
    expect((await raw(port, '/.env')).status).toBe(404);
  });

  it('one MIME table: the types the UI build produces', () => {
    expect(contentTypeFor('index.html')).toBe('text/html;charset=utf-8');
    expect(contentTypeFor('a.js')).toBe('text/javascript');
    expect(contentTypeFor('a.mjs')).toBe('text/javascript');
    expect(contentTypeFor('a.css')).toBe('text/css');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('a.unknown-ext')).toBe('application/octet-stream');
  });

  it('answers a Fetch Request the same way (the desktop app scheme)', async () => {
    writeFileSync(join(root, 'index.html'), INDEX);
    const files = createStaticFiles(root, UI_RESPONSE_HEADERS);
    const ok = await files.fetch(new Request('switchboard://app/assets/app-1.js'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/javascript');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toBe('export const a = 1;');
    const out = await files.fetch(new Request('switchboard://app/..%2fsecret.txt'));
    expect(await out.text()).not.toContain('SECRET');
    expect((await files.fetch(new Request('switchboard://app/.env'))).status).toBe(404);
  });
});
