// Peers of the MCP socket that never send their token line (an idle or hostile local process) are closed after the
// hello time, and only so many may wait at once: the oldest is closed past the cap; a relay that said hello stays.
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { alphaSocketFixture } from './support/alpha-socket';
import { connectLines } from './support/line-client';

const fixture = alphaSocketFixture('sb-sock-idle-');
const listen = (name: string, helloTimeoutMs: number, maxAwaitingHello: number) =>
  fixture.listen(name, { helloTimeoutMs, maxAwaitingHello });

describe('the MCP socket with idle peers', { timeout: 30_000 }, () => {
  it('closes a peer that sends no token line within the hello time; one that did stays', async () => {
    const endpoint = await listen('timeout', 200, 100);
    const silent = await connectLines(endpoint.path);
    const halfHello = await connectLines(endpoint.path);
    halfHello.socket.write('{"token": "tok');
    const relay = await connectLines(endpoint.path);
    relay.send({ token: 'token-alpha' });
    expect(await relay.until(1)).toEqual([{ ok: true }]);
    await Promise.all([silent.closed, halfHello.closed]);
    expect(relay.socket.destroyed).toBe(false);
    expect(endpoint.connectionCount).toBe(1);
  });

  it('past the cap, the oldest peer still waiting to say hello is closed', async () => {
    const endpoint = await listen('cap', 60_000, 3);
    const relay = await connectLines(endpoint.path);
    relay.send({ token: 'token-alpha' });
    expect(await relay.until(1)).toEqual([{ ok: true }]);
    const waiting = [];
    for (let i = 0; i < 5; i++) waiting.push(await connectLines(endpoint.path));
    await Promise.all(waiting.slice(0, 2).map((peer) => peer.closed));
    // A call on the relay: the endpoint has seen every earlier connection by the time it answers.
    relay.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'agent_whoami' } });
    expect(await relay.until(2)).toHaveLength(2);
    expect(waiting.map((peer) => peer.socket.destroyed)).toEqual([true, true, false, false, false]);
    expect(relay.socket.destroyed).toBe(false);
  });

  it('closing the endpoint closes peers that never said hello (they no longer hold it open)', async () => {
    const endpoint = await listen('close', 60_000, 100);
    const silent = await connectLines(endpoint.path);
    await fixture.close(endpoint);
    await silent.closed;
    expect(silent.socket.destroyed).toBe(true);
  });

  it('cuts a refused peer that keeps its side of the connection open', async () => {
    const endpoint = await fixture.listen('refused');
    const peer = createConnection({ path: endpoint.path, allowHalfOpen: true });
    let answer = '';
    peer.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    peer.on('error', () => peer.destroy());
    await new Promise((resolve) => peer.once('connect', resolve));
    peer.write('{"token": "not-a-token"}\n');
    // The peer keeps writing: once the endpoint has closed its side, a write fails and the peer closes.
    const writing = setInterval(() => peer.writable && peer.write('x'), 100);
    await new Promise((resolve) => peer.once('close', resolve));
    clearInterval(writing);
    expect(JSON.parse(answer)).toMatchObject({ ok: false });
  });
});
