import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import type { Caller, ServerMessage, SwitchboardEvent } from '@switchboard/protocol';
import { EventForwarder, createIpcHandler, type EventTarget } from '../src/main/ipc-handler';
import { APP_URL } from '../src/main/security';

const appFrame = { url: APP_URL, isMainFrame: true };
const call = (name: string, input: unknown, id = 7) => ({ type: 'call', id, name, input });

describe('the IPC handler (real orchestrator, memory backend)', () => {
  let core: Orchestrator;
  const seen: { caller: Caller; name: string }[] = [];
  beforeEach(() => {
    core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    seen.length = 0;
  });
  afterEach(() => core.close());
  const recording = () => ({
    invoke: (caller: Caller, name: string, input: unknown) => {
      seen.push({ caller, name });
      return core.invoke(caller, name, input);
    },
    subscribe: core.subscribe.bind(core),
  });

  it('dispatches a good call from the app window as the human and answers with a wire result', async () => {
    const handle = createIpcHandler({ api: recording() });
    const result = await handle(appFrame, call('agent.spawn', { name: 'ada', kind: 'shell' }));
    expect(result).toMatchObject({ type: 'result', id: 7, ok: true, output: { name: 'ada', kind: 'shell' } });
    expect(seen).toEqual([{ caller: { kind: 'human', id: 'human' }, name: 'agent.spawn' }]);
    const list = await handle(appFrame, call('agent.list', {}, 8));
    expect(list).toMatchObject({ id: 8, ok: true });
    expect((list as { output: { agents: unknown[] } }).output.agents).toHaveLength(1);
  });

  it.each([
    ['a remote page', { url: 'https://evil.example/index.html', isMainFrame: true }],
    ['a file:// page', { url: 'file:///Applications/Switchboard.app/index.html', isMainFrame: true }],
    ['an iframe inside the app', { url: APP_URL, isMainFrame: false }],
    ['a lookalike host on the app scheme', { url: 'switchboard://evil/index.html', isMainFrame: true }],
    ['the loopback host', { url: 'http://127.0.0.1:4000/', isMainFrame: true }],
    ['no frame (navigated away or destroyed)', null],
  ])('refuses %s with forbidden and dispatches nothing', async (_label, frame) => {
    const handle = createIpcHandler({ api: recording() });
    const result = await handle(frame, call('agent.spawn', { name: 'mallory', kind: 'shell' }));
    expect(result).toMatchObject({ type: 'result', id: 7, ok: false, error: { code: 'forbidden' } });
    expect(seen).toEqual([]);
    expect(await core.invoke({ kind: 'human', id: 'human' }, 'agent.list', {})).toEqual({ agents: [] });
  });

  it.each([
    ['not an object', 'agent.list'],
    ['a missing name', { type: 'call', id: 1, input: {} }],
    ['an unknown message type', { type: 'subscribe', id: 1, name: 'agent.list', input: {} }],
    [
      'extra fields (an attempt to choose the caller)',
      { ...call('agent.list', {}), caller: { kind: 'agent', id: 'x' } },
    ],
  ])('refuses a malformed message (%s) with invalid_input', async (_label, message) => {
    const handle = createIpcHandler({ api: recording() });
    expect(await handle(appFrame, message)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(seen).toEqual([]);
  });

  it('refuses bad command input with invalid_input naming the field, and changes nothing', async () => {
    const handle = createIpcHandler({ api: recording() });
    const result = await handle(appFrame, call('agent.spawn', { name: '', kind: 'robot' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(result)).toMatch(/kind/);
    expect(seen).toEqual([]);
    expect(await core.invoke({ kind: 'human', id: 'human' }, 'agent.list', {})).toEqual({ agents: [] });
  });

  it('refuses an unknown command with not_found', async () => {
    const handle = createIpcHandler({ api: recording() });
    expect(await handle(appFrame, call('shell.exec', { command: 'rm -rf /' }))).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(seen).toEqual([]);
  });

  it('passes typed errors from core through, and hides unknown ones as internal', async () => {
    const handle = createIpcHandler({ api: recording() });
    expect(await handle(appFrame, call('agent.close', { agent: 'nobody' }))).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const broken = createIpcHandler({
      api: {
        invoke: () => Promise.reject(new Error('secret path /Users/x')),
        subscribe: () => () => undefined,
      },
    });
    const result = await broken(appFrame, call('agent.list', {}));
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret path');
  });
});

describe('EventForwarder', () => {
  function fakeApi() {
    const listeners = new Set<(event: SwitchboardEvent) => void>();
    return {
      listeners,
      subscribe(listener: (event: SwitchboardEvent) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit(event: SwitchboardEvent) {
        for (const listener of [...listeners]) listener(event);
      },
    };
  }
  function fakeWindow(id: number): EventTarget & { sent: ServerMessage[]; destroyed: boolean } {
    return {
      id,
      sent: [],
      destroyed: false,
      isDestroyed() {
        return this.destroyed;
      },
      send(_channel, message) {
        this.sent.push(message);
      },
    };
  }
  const event = {
    type: 'team.deleted',
    teamId: 't1',
    sequence: 1,
    at: '2026-01-01T00:00:00.000Z',
  } as SwitchboardEvent;

  it('forwards events as wire messages to subscribed app windows only', () => {
    const api = fakeApi();
    const forwarder = new EventForwarder(api, 'switchboard:event');
    const app = fakeWindow(1);
    const foreign = fakeWindow(2);
    expect(forwarder.subscribe(appFrame, app)).toBe(true);
    expect(forwarder.subscribe({ url: 'https://evil.example/', isMainFrame: true }, foreign)).toBe(false);
    api.emit(event);
    expect(app.sent).toEqual([{ type: 'event', event }]);
    expect(foreign.sent).toEqual([]);
  });

  it('subscribes a window once, stops on unsubscribe, and drops destroyed windows', () => {
    const api = fakeApi();
    const forwarder = new EventForwarder(api, 'switchboard:event');
    const one = fakeWindow(1);
    const two = fakeWindow(2);
    forwarder.subscribe(appFrame, one);
    forwarder.subscribe(appFrame, one);
    forwarder.subscribe(appFrame, two);
    expect(api.listeners.size).toBe(2);
    forwarder.unsubscribe(1);
    two.destroyed = true;
    api.emit(event);
    expect(one.sent).toEqual([]);
    expect(two.sent).toEqual([]);
    expect(forwarder.size).toBe(0);
    expect(api.listeners.size).toBe(0);
  });
});
