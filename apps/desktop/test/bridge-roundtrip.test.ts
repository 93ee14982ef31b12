// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, type ServerMessage } from '@switchboard/protocol';
import { createBridgeTransport, findBridge } from '../../../packages/ui/src/transport/bridge-transport';
import { EventForwarder, createIpcHandler } from '../src/main/ipc-handler';
import { APP_URL } from '../src/main/security';
import { IPC_CHANNELS } from '../src/shared/ipc-channels';

// Electron itself is the one stand-in (there is no binary here): contextBridge puts the API on the page's
// window, ipcRenderer hands messages to the real IPC handler and event forwarder, structured-cloned as IPC does.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, ((event: object, message: unknown) => void)[]>();
  const wiring = {
    invoke: (_channel: string, _message: unknown): Promise<unknown> => Promise.reject(new Error('not wired')),
    send: (_channel: string): void => undefined,
  };
  const module = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) =>
        Object.defineProperty(globalThis, key, { value: Object.freeze(api), enumerable: true }),
    },
    ipcRenderer: {
      invoke: (channel: string, message: unknown) => wiring.invoke(channel, structuredClone(message)),
      send: (channel: string) => wiring.send(channel),
      on: (channel: string, listener: (event: object, message: unknown) => void) =>
        void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    },
  };
  const deliver = (channel: string, message: unknown) =>
    listeners.get(channel)?.forEach((listener) => listener({}, structuredClone(message)));
  return { module, wiring, deliver };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

/** A core behind the real IPC handler and event forwarder, wired to the Electron stand-in. */
function wiredCore() {
  const core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  const frame = { url: APP_URL, isMainFrame: true };
  const handle = createIpcHandler({ api: core });
  const forwarder = new EventForwarder(core, IPC_CHANNELS.event);
  const sent: string[] = [];
  electron.wiring.invoke = (channel, message) =>
    channel === IPC_CHANNELS.invoke
      ? handle(frame, message)
      : Promise.reject(new Error(`no handler for ${channel}`));
  electron.wiring.send = (channel) => {
    sent.push(channel);
    if (channel === IPC_CHANNELS.subscribe)
      forwarder.subscribe(frame, {
        id: 1,
        isDestroyed: () => false,
        send: (c: string, m: ServerMessage) => electron.deliver(c, m),
      });
    if (channel === IPC_CHANNELS.unsubscribe) forwarder.unsubscribe(1);
  };
  return { core, forwarder, sent };
}

describe('the real preload between the UI client and the IPC handler', () => {
  it('exposes only invoke and subscribe; calls and events make the round trip; errors arrive typed', async () => {
    const { core, forwarder, sent } = wiredCore();
    try {
      await import('../src/preload/index');
      const bridge = findBridge(globalThis);
      expect(bridge).toBeDefined();
      expect(Object.keys(bridge!).sort()).toEqual(['invoke', 'subscribe']);
      expect(() => bridge!.subscribe('not a function' as never)).toThrow(TypeError);

      const client = createClient(createBridgeTransport(bridge!));
      const events: string[] = [];
      const stop = client.onEvent((event) => events.push(event.type));
      expect(forwarder.size).toBe(1);
      const agent = await client.call('agent.spawn', { name: 'ada', kind: 'shell' });
      expect(agent.name).toBe('ada');
      expect((await client.call('fleet.snapshot', {})).agents.map((a) => a.name)).toEqual(['ada']);
      expect(events).toContain('agent.spawned');
      await expect(client.call('agent.close', { agent: 'nobody' })).rejects.toMatchObject({
        code: 'not_found',
      });
      // A raw call the typed client would refuse still reaches the handler's own checks through the preload.
      expect(await bridge!.invoke('agent.spawn', { name: '' })).toMatchObject({
        type: 'result',
        ok: false,
        error: { code: 'invalid_input' },
      });
      stop();
      expect(sent).toEqual([IPC_CHANNELS.subscribe, IPC_CHANNELS.unsubscribe]);
      expect(forwarder.size).toBe(0);
    } finally {
      forwarder.close();
      await core.close();
    }
  });

  // The preload's listeners were a bare set: the UI's first store listener that threw kept the event from the others.
  it("a page listener that throws is the console's error line with the event type; the others still get it", async () => {
    const { core, forwarder } = wiredCore();
    const lines: unknown[][] = [];
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((...values: unknown[]) => void lines.push(values));
    try {
      await import('../src/preload/index');
      const bridge = findBridge(globalThis)!;
      const stopBroken = bridge.subscribe(() => {
        throw new Error('a store listener broke');
      });
      const client = createClient(createBridgeTransport(bridge));
      const events: string[] = [];
      const stop = client.onEvent((event) => events.push(event.type));
      await client.call('agent.spawn', { name: 'ada', kind: 'shell' });
      await vi.waitFor(() => expect(events).toContain('agent.spawned'));
      expect(lines.filter((line) => (line[1] as { event?: string }).event === 'agent.spawned')).toMatchObject(
        [['a listener threw', { component: 'preload', err: { message: 'a store listener broke' } }]],
      );
      stop();
      stopBroken();
    } finally {
      spy.mockRestore();
      forwarder.close();
      await core.close();
    }
  });
});
