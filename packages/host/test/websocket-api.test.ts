import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@switchboard/protocol';
import { readHostFile } from '../src/index';
import { connect, startTestHost } from './host-fixture';

const hosts: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function host() {
  const started = await startTestHost();
  hosts.push(started.host);
  return started;
}

describe('API WebSocket', () => {
  it('writes host.json (0600) with port, pid and protocol version, and removes it on close', async () => {
    const { host: h, dataDir } = await host();
    const file = readHostFile(dataDir);
    expect(file).toMatchObject({ port: h.port, pid: process.pid, protocolVersion: PROTOCOL_VERSION });
    expect(statSync(`${dataDir}/host.json`).mode & 0o777).toBe(0o600);
    await h.close();
    expect(readHostFile(dataDir)).toBeUndefined();
  });

  it('serves calls and streams events to a client with the right token', async () => {
    const { host: h } = await host();
    const { socket, status, inbox } = await connect(h.port, { token: h.token, origin: h.url });
    expect(status).toBe(101);
    expect(await inbox!.next((m) => m['type'] === 'hello')).toMatchObject({ caller: { kind: 'human' } });
    socket!.send(JSON.stringify({ type: 'call', id: 1, name: 'team.create', input: { name: 'web' } }));
    expect(await inbox!.next((m) => m['type'] === 'result')).toMatchObject({
      id: 1,
      ok: true,
      output: { name: 'web' },
    });
    expect(await inbox!.next((m) => m['type'] === 'event')).toMatchObject({
      event: { type: 'team.created' },
    });
    socket!.close();
  });

  it.each([
    ['no token', { token: undefined }, 401],
    ['a wrong token', { token: 'not-the-token' }, 401],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403],
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:80' }, 421],
  ])('refuses %s with a clear HTTP error', async (_label, options, expected) => {
    const { host: h } = await host();
    const outcome = await connect(h.port, { token: h.token, ...options });
    expect(outcome.status).toBe(expected);
    expect(outcome.body.length).toBeGreaterThan(10);
  });

  it.each([
    ['not JSON', '{nope'],
    ['an unknown message type', JSON.stringify({ type: 'hack', id: 1 })],
    ['a call without an id', JSON.stringify({ type: 'call', name: 'team.create', input: { name: 'x' } })],
  ])('answers %s with an invalid_input error and changes nothing', async (_label, frame) => {
    const { host: h } = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    await inbox!.next((m) => m['type'] === 'hello');
    socket!.send(frame);
    expect(await inbox!.next((m) => m['type'] === 'error')).toMatchObject({
      error: { code: 'invalid_input' },
    });
    socket!.send(JSON.stringify({ type: 'call', id: 2, name: 'fleet.snapshot', input: {} }));
    expect(await inbox!.next((m) => m['id'] === 2)).toMatchObject({
      ok: true,
      output: { agents: [], teams: [], sequence: 0 },
    });
    socket!.close();
  });

  it('answers a call with bad input as a typed error result', async () => {
    const { host: h } = await host();
    const { socket, inbox } = await connect(h.port, { token: h.token });
    socket!.send(JSON.stringify({ type: 'call', id: 7, name: 'agent.spawn', input: { name: '' } }));
    expect(await inbox!.next((m) => m['id'] === 7)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    socket!.close();
  });

  it('listens on 127.0.0.1 only', async () => {
    const { host: h } = await host();
    expect(h.url).toBe(`http://127.0.0.1:${h.port}`);
    const response = await fetch(`${h.url}/health`);
    expect(await response.json()).toEqual({ ok: true, protocolVersion: PROTOCOL_VERSION });
  });
});
