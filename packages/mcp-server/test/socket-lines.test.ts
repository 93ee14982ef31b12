// The MCP socket answers plain `tools/call` lines itself (no SDK transport on the way) with what the SDK
// path answers; every other line reaches the SDK byte for byte; an over-long line closes the connection.
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSocketLines } from '../src/socket-lines';
import { alphaSocketFixture } from './support/alpha-socket';
import { connectLines } from './support/line-client';

type Answer = { id?: number | null; result?: unknown; error?: { code?: number } };
const connect = (path: string) => connectLines<Answer>(path);

const fixture = alphaSocketFixture('sb-sock-lines-');
/** tools/list lines sent unread: ~180 KB of answer each, past the 8 MiB bound well before the end. */
const LISTS = process.env['STRESS'] === '1' ? 4_000 : 300;
const folder = fixture.folder;

const line = (value: unknown) => JSON.stringify(value) + '\n';
const call = (id: number, name: string, args?: unknown) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: args === undefined ? { name } : { name, arguments: args },
});

/** A socket whose connections' lines `readSocketLines` reads as the alpha agent; `host()` is the last one accepted. */
async function linesServer(name: string, sdk: PassThrough, maxLineBytes: number, first = Buffer.alloc(0)) {
  let host: Socket | undefined;
  const server: Server = createServer((socket) => {
    host = socket;
    readSocketLines(socket, first, {
      api: fixture.orchestrator,
      caller: fixture.alpha,
      direct: true,
      sdk,
      maxLineBytes,
    });
  });
  const path = join(folder, name);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { server, path, host: () => host };
}

describe('the MCP socket answers plain tool calls itself', { timeout: 30_000 }, () => {
  it('with what the SDK path answers: results, tool errors, bad input, unknown tools', async () => {
    const answers: Record<string, unknown>[] = [];
    for (const directToolCalls of [true, false]) {
      const endpoint = await fixture.listen(directToolCalls ? 'direct' : 'sdk', { directToolCalls });
      const client = await connect(endpoint.path);
      client.socket.write(line({ token: 'token-alpha' }));
      client.socket.write(
        line({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 't', version: '1' },
          },
        }) + line({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      );
      await client.until(2);
      client.socket.write(
        line(call(2, 'lock_list', {})) +
          line(call(3, 'message_send', { to: { agent: 'nobody' }, body: 'hi' })) +
          line(call(4, 'message_send', { body: 42 })) +
          line(call(5, 'no_such_tool')) +
          line(call(6, 'message_receive')),
      );
      const got = await client.until(7);
      answers.push(Object.fromEntries(got.filter((m) => m.id !== undefined).map((m) => [m.id, m])));
      client.socket.destroy();
    }
    const [direct, sdk] = answers;
    for (const id of [2, 3, 4, 5, 6]) expect(direct![id], `id ${id}`).toEqual(sdk![id]);
    expect(direct![3]).toMatchObject({ result: { isError: true } });
    expect(direct![4]).toMatchObject({
      result: { isError: true, structuredContent: { error: { code: 'invalid_input' } } },
    });
  });

  it('routes lines: plain tool calls answered here, every other line to the SDK unchanged, split or joined', async () => {
    const sdk = new PassThrough();
    let toSdk = '';
    sdk.on('data', (chunk) => (toSdk += chunk));
    const { server, path, host } = await linesServer(
      'route.sock',
      sdk,
      4096,
      Buffer.from(line(call(10, 'lock_list', {})).slice(0, 9)),
    );
    const client = await connect(path);
    const others = [
      line({ jsonrpc: '2.0', id: 11, method: 'tools/list', params: {} }),
      line({ ...call(13, 'lock_list', {}), params: { name: 'lock_list', task: { ttl: 1 } } }),
      line({ jsonrpc: '2.0', id: 14, method: 'tools/call', params: { name: 'lock_list', arguments: [1] } }),
    ];
    // What /mcp refuses with 400 is answered here with id null, not handed to the SDK (which dropped it unanswered).
    const refused = [line({ ...call(12, 'lock_list', {}), jsonrpc: '1.0' }), 'not json at all\n'];
    // The first 9 bytes of call 10 came with the connection; the rest arrives with a second call and the others.
    client.socket.write(line(call(10, 'lock_list', {})).slice(9) + line(call(15, 'message_receive')));
    client.socket.write([others[0], refused[0], ...others.slice(1), refused[1]].join(''));
    const answered = await client.until(4);
    const results = answered.filter((m) => m.result !== undefined);
    expect(results.map((m) => m.id).sort()).toEqual([10, 15]);
    expect(answered.filter((m) => m.id === null).map((m) => m.error?.code)).toEqual([-32600, -32700]);
    // Handed on with a turn of the loop after the answers: waited for, not for a count of polls (1 s before).
    await expect.poll(() => toSdk, { timeout: 20_000 }).toBe(others.join(''));
    // A line longer than the cap closes the connection before anything of it runs.
    client.socket.write('x'.repeat(5000));
    await client.closed;
    expect(host()!.destroyed).toBe(true);
    server.close();
  });

  it('reads a line however it is cut: a byte at a time up to the cap, several in one chunk; one byte over closes', async () => {
    const sdk = new PassThrough();
    let toSdk = '';
    sdk.on('data', (chunk) => (toSdk += chunk));
    const cap = 4096;
    const { server, path, host: accepted } = await linesServer('cut.sock', sdk, cap);
    const client = await connect(path);
    await expect.poll(accepted).toBeDefined();
    const host = accepted()!;
    const atCap = line({ jsonrpc: '2.0', method: 'notifications/x', params: { pad: '' } });
    const full = line({
      jsonrpc: '2.0',
      method: 'notifications/x',
      params: { pad: 'p'.repeat(cap + 1 - atCap.length) },
    });
    const short = [1, 2, 3].map((n) => line({ jsonrpc: '2.0', method: `notifications/${n}` }));
    expect(Buffer.byteLength(full)).toBe(cap + 1); // the line's bytes are the cap, its newline one more
    // Handed to the reader as the socket would, chunk by chunk: the full line a byte at a time, then three short lines
    // in chunks cut across them, then a line one byte over the cap.
    for (const byte of Buffer.from(full)) host.emit('data', Buffer.from([byte]));
    const joined = Buffer.from(short.join(''));
    for (const [from, to] of [
      [0, 5],
      [5, 40],
      [40, joined.length],
    ] as const)
      host.emit('data', joined.subarray(from, to));
    await expect.poll(() => toSdk, { timeout: 20_000 }).toBe(full + short.join(''));
    expect(host.destroyed).toBe(false);
    for (const byte of Buffer.from('x'.repeat(cap + 1))) host.emit('data', Buffer.from([byte]));
    expect(host.destroyed).toBe(true);
    client.socket.destroy();
    server.close();
  });

  it('disconnects a client that sends calls but does not read the answers, instead of buffering them', async () => {
    const { server, path, host } = await linesServer('unread.sock', new PassThrough(), 256);
    const client = await connect(path);
    client.socket.pause(); // never reads what comes back
    const calls = Array.from({ length: 20_000 }, (_, i) => line(call(i, 'lock_list', {}))).join('');
    client.socket.write(calls);
    await expect.poll(() => host()?.destroyed, { timeout: 20_000, message: 'the cut' }).toBe(true);
    client.socket.destroy();
    server.close();
  });

  it('disconnects a client that sends SDK requests (tools/list) but does not read the answers', async () => {
    // The SDK's transport writes each answer (~180 KB for tools/list) without waiting for the socket to drain: before,
    // 4,000 such lines unread grew the host by 710 MB and the connection stayed open.
    const endpoint = await fixture.listen('unread-sdk');
    const client = await connect(endpoint.path);
    client.socket.write(line({ token: 'token-alpha' }));
    client.socket.write(
      line({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    );
    await client.until(2);
    client.socket.pause(); // never reads what comes back
    const lists = Array.from({ length: LISTS }, (_, i) =>
      line({ jsonrpc: '2.0', id: i + 1, method: 'tools/list' }),
    );
    for (let i = 0; i < lists.length && !client.socket.destroyed; i += 50) {
      client.socket.write(lists.slice(i, i + 50).join(''));
      await new Promise((r) => setTimeout(r, 20));
    }
    // Until the endpoint cuts it, within the test's timeout: loading the SDK and writing its answers is real work, and
    // starved like CI (session 22) a budget of 1,000 polls of 10 ms ran out with the connection still open.
    while (endpoint.connectionCount > 0) await new Promise((r) => setTimeout(r, 10));
    client.socket.destroy();
  });
});
