import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Backend } from '../../src/backend';
import { staticAuth } from '../../src/client/auth';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { AGENT_STATUS_COMPONENT, FLEET_SUMMARY_COMPONENT } from '../../src/status-bar';
import { TEST_SHELL } from './sim-backend';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start() {
  const folder = mkdtempSync(join(tmpdir(), 'sb-statusbar-'));
  const socketPath = join(folder, 'socket');
  const box: { server: SimServer } = {
    server: await startSimServer({ unixPath: socketPath, shell: TEST_SHELL }),
  };
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  });
  cleanups.push(
    () => rmSync(folder, { recursive: true, force: true }),
    () => box.server.close(),
    () => backend.close(),
  );
  const events: BackendEvent[] = [];
  backend.onEvent((e) => events.push(e));
  return { box, socketPath, backend, events };
}

const since = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

describe("Switchboard's status-bar components in iTerm2 (embedded server)", () => {
  it('are registered as iTerm2 status-bar components and answer per session; a click reports the pane', async () => {
    const { box, backend, events } = await start();
    const waiting = await backend.createPane({});
    const working = await backend.createPane({});
    const plain = await backend.createPane({});
    await backend.setAppearance(waiting.id, {
      status: { state: 'waiting_for_input', since: since(185_000), approvals: 1 },
    });
    await backend.setAppearance(working.id, {
      status: { state: 'working', since: since(125_000), approvals: 0 },
    });

    const bar = await box.server.scripting.statusBar(waiting.id);
    expect(bar.map((item) => item.identifier).sort()).toEqual([
      AGENT_STATUS_COMPONENT,
      FLEET_SUMMARY_COMPONENT,
    ]);
    const agentItem = bar.find((item) => item.identifier === AGENT_STATUS_COMPONENT)!;
    expect(agentItem.error).toBeUndefined();
    expect(agentItem.value).toEqual([
      'waiting for input · 3m · 1 approval',
      'waiting for input · 3m',
      'waiting',
    ]);
    expect(bar.find((item) => item.identifier === FLEET_SUMMARY_COMPONENT)!.value).toBe(
      '1 waiting · 1 working · 1 approval',
    );
    // Each session gets its own pane's text; a pane without an agent shows nothing.
    const workingBar = await box.server.scripting.statusBar(working.id);
    expect(workingBar.find((item) => item.identifier === AGENT_STATUS_COMPONENT)!.value).toEqual([
      'working · 2m',
      'working · 2m',
      'working',
    ]);
    const plainBar = await box.server.scripting.statusBar(plain.id);
    expect(plainBar.find((item) => item.identifier === AGENT_STATUS_COMPONENT)!.value).toBe('');
    // The status changes with the next appearance; null removes it.
    await backend.setAppearance(waiting.id, { status: null });
    expect(
      (await box.server.scripting.statusBar(waiting.id)).find(
        (i) => i.identifier === FLEET_SUMMARY_COMPONENT,
      )!.value,
    ).toBe('1 working');

    expect(await box.server.scripting.clickStatusBarComponent(working.id, AGENT_STATUS_COMPONENT)).toEqual({
      value: null,
    });
    expect(events.filter((e) => e.type === 'pane.status_clicked')).toEqual([
      { type: 'pane.status_clicked', paneId: working.id },
    ]);
  });

  it('registers again after iTerm2 comes back (a fresh server on the same socket)', async () => {
    const { box, socketPath, backend, events } = await start();
    await box.server.close();
    await eventually(() => events.some((e) => e.type === 'backend.disconnected'), 5_000, 'disconnected');
    box.server = await startSimServer({ unixPath: socketPath, shell: TEST_SHELL });
    await eventually(() => events.some((e) => e.type === 'backend.reconnected'), 10_000, 'reconnected');
    const pane = await backend.createPane({});
    await backend.setAppearance(pane.id, {
      status: { state: 'error', since: since(3_720_000), approvals: 2 },
    });
    const bar = await box.server.scripting.statusBar(pane.id);
    expect(bar.find((item) => item.identifier === AGENT_STATUS_COMPONENT)!.value).toEqual([
      'error · 1h 2m · 2 approvals',
      'error · 1h 2m',
      'error',
    ]);
  });

  it('leaves the components to another client that registered them first, and still connects', async () => {
    const { box, socketPath, backend } = await start();
    const pane = await backend.createPane({});
    await backend.setAppearance(pane.id, { status: { state: 'idle', since: since(125_000), approvals: 0 } });
    const second = await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
    cleanups.push(() => second.close());
    await second.setAppearance(pane.id, { status: { state: 'hung', since: since(0), approvals: 9 } });
    const bar = await box.server.scripting.statusBar(pane.id);
    expect(bar.map((item) => item.identifier).sort()).toEqual([
      AGENT_STATUS_COMPONENT,
      FLEET_SUMMARY_COMPONENT,
    ]);
    expect(bar.find((item) => item.identifier === AGENT_STATUS_COMPONENT)!.value).toEqual([
      'idle · 2m',
      'idle · 2m',
      'idle',
    ]);
  });
});
