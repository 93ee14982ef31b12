import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  apiUrl,
  createClient,
  createWebSocketTransport,
  whenOpen,
  type ConnectionStatus,
  type SwitchboardEvent,
  type WebSocketTransportOptions,
} from '@switchboard/protocol';
import { startTestHost } from './host-fixture';

/** A one-shot transport (no reconnect) to a test host, in Node with the `ws` package. */
const transportTo = (host: { url: string }, token: string, more: Partial<WebSocketTransportOptions> = {}) =>
  createWebSocketTransport({
    url: apiUrl(host.url),
    token,
    WebSocketImpl: WebSocket,
    reconnect: false,
    ...more,
  });

// The contract's one WebSocket transport (the UI's, the hook's, the e2e tests'), in Node with the `ws` package, against a real host.
describe('the contract WebSocket transport against a real host', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('calls, receives events and reports its status; errors arrive typed', async () => {
    const { host } = await startTestHost();
    closers.push(() => host.close());
    const transport = transportTo(host, host.token);
    closers.push(() => transport.close());
    const statuses: ConnectionStatus[] = [];
    transport.onStatus((status) => statuses.push(status));
    await whenOpen(transport, 10_000);
    const client = createClient(transport);
    const spawned = new Promise<SwitchboardEvent>((resolve) =>
      client.onEvent((event) => event.type === 'agent.spawned' && resolve(event)),
    );
    const agent = await client.call('agent.spawn', { name: 'ada', kind: 'shell' });
    expect(await spawned).toMatchObject({ type: 'agent.spawned', agent: { id: agent.id } });
    await expect(client.call('agent.close', { agent: 'nobody' })).rejects.toMatchObject({
      code: 'not_found',
    });
    transport.close();
    await expect(client.call('fleet.snapshot', {})).rejects.toMatchObject({ code: 'unavailable' });
    expect(statuses).toEqual(['connecting', 'open', 'closed']);
  });

  it('a refused token never opens: the one-shot wait fails with unavailable and calls fail at once', async () => {
    const { host } = await startTestHost();
    closers.push(() => host.close());
    const transport = transportTo(host, 'forged');
    closers.push(() => transport.close());
    await expect(whenOpen(transport, 10_000)).rejects.toMatchObject({ code: 'unavailable' });
    const error = await transport.invoke('fleet.snapshot', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable' });
    expect(String((error as Error).message)).toContain('401');
    expect(String((error as Error).message)).not.toContain('forged');
  });

  // The transport's emitters dropped a listener's error: a broken UI listener left no trace.
  it('a listener that throws is reported with the event type; the other listeners still get the event', async () => {
    const { host } = await startTestHost();
    closers.push(() => host.close());
    const failures: [string, string][] = [];
    const transport = transportTo(host, host.token, {
      onListenerError: (error, event) => failures.push([event, (error as Error).message]),
    });
    closers.push(() => transport.close());
    transport.onStatus(() => {
      throw new Error('status listener broke');
    });
    await whenOpen(transport, 10_000);
    transport.subscribe((event) => {
      if (event.type === 'agent.spawned') throw new Error('event listener broke');
    });
    const spawned = new Promise((resolve) =>
      transport.subscribe((e) => e.type === 'agent.spawned' && resolve(e)),
    );
    await createClient(transport).call('agent.spawn', { name: 'ada', kind: 'shell' });
    await spawned;
    expect(failures).toEqual([
      ['status', 'status listener broke'], // its first call, at once
      ['status', 'status listener broke'], // open
      ['agent.spawned', 'event listener broke'],
    ]);
  });

  it("without onListenerError a listener's throw is the console's error line, not dropped", async () => {
    const { host } = await startTestHost();
    closers.push(() => host.close());
    const lines: unknown[][] = [];
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((...values: unknown[]) => void lines.push(values));
    closers.push(() => spy.mockRestore());
    const transport = transportTo(host, host.token);
    closers.push(() => transport.close());
    transport.onStatus((status) => {
      if (status === 'open') throw new Error('status listener broke');
    });
    await whenOpen(transport, 10_000);
    expect(lines).toMatchObject([
      [
        'a listener threw',
        { component: 'websocket-transport', event: 'status', err: { message: 'status listener broke' } },
      ],
    ]);
  });

  it('derives the API URL from a host URL or origin and refuses anything else', () => {
    expect(apiUrl('http://127.0.0.1:4100')).toBe('ws://127.0.0.1:4100/api');
    expect(apiUrl('https://example.test:8443/some/page?x#y')).toBe('wss://example.test:8443/api');
    expect(() => apiUrl('file:///etc/passwd')).toThrow(/Not a host URL/);
  });
});
