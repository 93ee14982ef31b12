import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { ITerm2Backend } from '../../src/backend';
import { staticAuth } from '../../src/client/auth';
import type { Notification } from '../../src/gen/api_pb';
import { HeldBytesProxy } from './held-bytes-proxy';
import { TEST_SHELL } from './sim-backend';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function backendBehindProxy() {
  const folder = mkdtempSync(join(tmpdir(), 'sb-layouts-'));
  const server: SimServer = await startSimServer({ unixPath: join(folder, 'server'), shell: TEST_SHELL });
  const proxy = await HeldBytesProxy.start(join(folder, 'proxy'), join(folder, 'server'));
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath: proxy.socketPath },
    auth: staticAuth({}),
    reconnect: false,
  });
  cleanup = async () => {
    await backend.close();
    await proxy.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  };
  return { server, proxy, backend };
}

describe('ITerm2Backend: layout changes read together', () => {
  it('reconciles only the last of the listings read in one go, and every closed pane is still reported', async () => {
    const { server, proxy, backend } = await backendBehindProxy();
    const panes = [];
    for (let i = 0; i < 4; i++) panes.push(await backend.createPane({}));
    const ids = new Set(panes.map((p) => p.id));
    const events: BackendEvent[] = [];
    backend.onEvent((event) => events.push(event));
    const layouts: Notification[] = [];
    backend.client.onNotification((n) => n.layoutChangedNotification && layouts.push(n));
    // The host is busy elsewhere: what the terminal sends while three shells end one after another waits.
    proxy.hold();
    for (const pane of panes.slice(0, 3)) {
      server.type(pane.id, 'exit\r');
      await eventually(
        () => !server.sessionIds().includes(pane.id) || undefined,
        10_000,
        'the session ended',
      );
    }
    // Until the server has said all it will (nothing more held for 100 ms).
    for (let last = -1; proxy.heldBytes !== last;) {
      last = proxy.heldBytes;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    proxy.release();
    const closed = () => events.filter((e) => e.type === 'pane.closed' && ids.has(e.paneId));
    await eventually(() => closed().length === 3 || undefined, 10_000, 'three panes closed');
    expect(layouts.length).toBeGreaterThanOrEqual(3);
    // One listing stands for all of them: one reconcile, one layout.changed.
    expect(events.filter((e) => e.type === 'layout.changed')).toHaveLength(1);
    expect(backend.layouts.superseded).toBe(layouts.length - 1);
    expect(closed().map((e) => 'paneId' in e && e.paneId)).toEqual(panes.slice(0, 3).map((p) => p.id));
    // The pane left open is still known, and its closing later is seen as it comes.
    expect((await backend.listPanes()).map((p) => p.id)).toContain(panes[3]!.id);
    server.type(panes[3]!.id, 'exit\r');
    await eventually(() => closed().length === 4 || undefined, 10_000, 'the last pane closed');
  });
});
