import { describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, type ServerMessage } from '@switchboard/protocol';
import { createBridgeTransport } from '../../../packages/ui/src/transport/bridge-transport';
import { EventForwarder, createIpcHandler } from '../src/main/ipc-handler';
import { APP_URL } from '../src/main/security';

// The whole desktop path without Electron: UI client → bridge transport → (what the preload does) →
// IPC handler and event forwarder → a real core. Only the IPC hop itself is simulated.
describe('UI client over the desktop bridge, end to end', () => {
  const core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });

  it('calls and events make the round trip; errors arrive typed', async () => {
    const handle = createIpcHandler({ api: core });
    const forwarder = new EventForwarder(core, 'switchboard:event');
    const frame = { url: APP_URL, isMainFrame: true };
    const listeners = new Set<(event: unknown) => void>();
    let id = 0;
    const bridge = {
      invoke: (name: string, input: unknown) => handle(frame, { type: 'call', id: ++id, name, input }),
      subscribe(listener: (event: unknown) => void) {
        listeners.add(listener);
        forwarder.subscribe(frame, { id: 1, isDestroyed: () => false, send: (_c: string, m: ServerMessage) => m.type === 'event' && listeners.forEach((l) => l(m.event)) });
        return () => listeners.delete(listener);
      },
    };
    const client = createClient(createBridgeTransport(bridge));
    const events: string[] = [];
    client.onEvent((event) => events.push(event.type));
    const agent = await client.call('agent.spawn', { name: 'ada', kind: 'shell' });
    expect(agent.name).toBe('ada');
    expect((await client.call('fleet.snapshot', {})).agents.map((a) => a.name)).toEqual(['ada']);
    expect(events).toContain('agent.spawned');
    await expect(client.call('agent.close', { agent: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    forwarder.close();
    await core.close();
  });
});
