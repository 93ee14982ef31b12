import { describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { HUMAN_INBOX } from '@switchboard/protocol';
import type { ServerMessage, SwitchboardEvent } from '@switchboard/protocol';
import { EventForwarder, createIpcHandler } from '../src/main/ipc-handler';
import { APP_URL } from '../src/main/security';
import { WindowScreens } from '../src/main/window-screens';

// pane.mirror over the desktop's IPC path (handler + forwarder + per-window bookkeeping) on a real core.
describe('pane.mirror over Electron IPC', () => {
  it('a window gets the screens it mirrors, another window none; a reload or close gives them back', async () => {
    const backend = createMemoryBackend();
    const core = createOrchestrator({ databasePath: ':memory:', backend });
    const screens = new WindowScreens(core);
    const handle = createIpcHandler({ api: core, screens });
    const forwarder = new EventForwarder(core, 'switchboard:event', undefined, screens);
    const frame = { url: APP_URL, isMainFrame: true };
    const window = (id: number) => {
      const events: SwitchboardEvent[] = [];
      forwarder.subscribe(frame, {
        id,
        isDestroyed: () => false,
        send: (_c: string, m: ServerMessage) =>
          void (m.type === 'event' && events.push(m.event as SwitchboardEvent)),
      });
      let callId = 0;
      const call = async (name: string, input: unknown) => {
        const result = await handle(frame, { type: 'call', id: ++callId, name, input }, id);
        if (!result.ok) throw new Error(result.error.message);
        return result.output as Record<string, unknown>;
      };
      return { events, call, screens: () => events.filter((e) => e.type === 'pane.screen') };
    };
    const one = window(1);
    const two = window(2);
    const { paneId } = (await one.call('agent.spawn', { name: 'ada', kind: 'shell' })) as { paneId: string };
    await backend.sendText(paneId, 'hello');
    expect(await one.call('pane.mirror', { target: 'ada' })).toMatchObject({ viewers: 1 });
    await expect.poll(() => one.screens().length).toBe(1);
    await backend.sendText(paneId, ' again');
    await expect.poll(() => one.screens().length).toBe(2);
    expect(two.screens()).toEqual([]);
    expect(two.events.map((e) => e.type)).toContain('agent.spawned');
    await expect(two.call('pane.unmirror', { paneId })).rejects.toThrow(/does not mirror/);

    // Window 1 reloads: what it mirrored is given back, so a new viewer is the only one.
    await screens.release(1);
    expect(await two.call('pane.mirror', { target: paneId })).toMatchObject({ viewers: 1 });
    await screens.close();
    expect(await one.call('pane.mirror', { target: paneId })).toMatchObject({ viewers: 1 });
    forwarder.close();
    await core.close();
  });

  it("a window reloaded or closed ends its calls that wait (a long-poll), not another window's", async () => {
    const core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const screens = new WindowScreens(core);
    const handle = createIpcHandler({ api: core, screens });
    const frame = { url: APP_URL, isMainFrame: true };
    const receive = (windowId: number) =>
      handle(frame, { type: 'call', id: 1, name: 'message.receive', input: { wait: 600 } }, windowId);
    const waiting = () => core.messages.waitingReceives(HUMAN_INBOX);
    const gone = receive(1);
    const kept = receive(2);
    await expect.poll(waiting).toBe(2);
    await screens.release(1);
    expect(await gone).toMatchObject({ ok: true, output: { messages: [] } });
    expect(waiting()).toBe(1);
    const { agent } = await core.fleet.spawn({ name: 'writer', kind: 'shell', role: 'builder' });
    await core.invoke({ kind: 'agent', id: agent.id }, 'message.send', { to: { human: true }, body: 'hi' });
    expect(await kept).toMatchObject({ ok: true, output: { messages: [{ body: 'hi' }] } });
    await screens.close();
    await core.close();
  });
});
