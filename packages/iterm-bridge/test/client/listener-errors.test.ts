import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from '@bufbuild/protobuf';
import { afterEach, expect, it } from 'vitest';
import { createMemoryLogger, type LogRecord } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Backend } from '../../src/backend';
import { staticAuth } from '../../src/client/auth';
import { ITerm2Client } from '../../src/client/client';
import { LayoutChangedNotificationSchema } from '../../src/gen/api_pb';
import { LatestLayout } from '../../src/latest-layout';
import { startSimServer } from '../../src/sim/index';
import { TEST_SHELL } from '../backend/sim-backend';
import { FakeITerm2Server } from './fake-server';
import { frameOf } from './notification-frames';

// The client's and the backend's emitters dropped a listener's error: a bug in one listener left no trace.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const thrown = (records: LogRecord[]) => records.filter((r) => r.message === 'a listener threw');

async function fakeConnection() {
  const server = await FakeITerm2Server.start();
  cleanups.push(() => server.close());
  const logger = createMemoryLogger();
  const client = await ITerm2Client.connect({
    endpoint: { socketPath: server.socketPath },
    auth: staticAuth({}),
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    logger,
  });
  cleanups.push(() => client.close());
  return { server, client, records: logger.records };
}

it('a notification listener that throws is logged with the kind and session; the next listener still gets it', async () => {
  const { server, client, records } = await fakeConnection();
  const seen: string[] = [];
  client.onNotification(() => {
    throw new Error('the first listener broke');
  });
  client.onNotification(
    (n) => n.terminateSessionNotification && seen.push(n.terminateSessionNotification.sessionId),
  );
  server.clients[0]!.send(frameOf({ terminateSessionNotification: { sessionId: 'S1' } }));
  await eventually(() => seen.length === 1);
  expect(seen).toEqual(['S1']);
  expect(thrown(records)).toMatchObject([
    {
      level: 'error',
      component: 'iterm2-client',
      event: 'notification',
      notification: 'terminateSessionNotification',
      paneId: 'S1',
    },
  ]);
  expect((thrown(records)[0]?.err as Error).message).toBe('the first listener broke');
});

it('garbage, disconnect and reconnect listeners that throw are logged once each; the others still hear', async () => {
  const { server, client, records } = await fakeConnection();
  const heard: string[] = [];
  for (const [on, name] of [
    [client.onDidReceiveGarbage.bind(client), 'garbage'],
    [client.onDidDisconnect.bind(client), 'disconnected'],
    [client.onDidReconnect.bind(client), 'reconnected'],
  ] as const) {
    on(() => {
      throw new Error(`${name} listener broke`);
    });
    on(() => heard.push(name));
  }
  server.clients[0]!.send(Buffer.from([0xff, 0xff, 0xff]));
  await eventually(() => heard.includes('garbage'));
  server.dropClients();
  await eventually(() => heard.includes('reconnected'));
  expect(heard).toEqual(['garbage', 'disconnected', 'reconnected']);
  expect(thrown(records).map((r) => [r.component, r.event, (r.err as Error).message])).toEqual([
    ['iterm2-client', 'garbage', 'garbage listener broke'],
    ['iterm2-client', 'disconnected', 'disconnected listener broke'],
    ['iterm2-client', 'reconnected', 'reconnected listener broke'],
  ]);
});

it('a backend event listener that throws is logged with the event and pane; the next listener still gets it', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'sb-listeners-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const socketPath = join(folder, 'socket');
  const server = await startSimServer({ unixPath: socketPath, shell: TEST_SHELL });
  cleanups.push(() => server.close());
  const logger = createMemoryLogger();
  const backend = await ITerm2Backend.connect({ endpoint: { socketPath }, auth: staticAuth({}), logger });
  cleanups.push(() => backend.close());
  const created: string[] = [];
  backend.onEvent((event) => {
    if (event.type === 'pane.created') throw new Error('the fleet could not adopt it');
  });
  backend.onEvent((event) => event.type === 'pane.created' && created.push(event.pane.id));
  const pane = await backend.createPane({});
  await eventually(() => created.includes(pane.id));
  expect(thrown(logger.records)).toMatchObject([
    { level: 'error', component: 'iterm2-backend', event: 'pane.created', paneId: pane.id },
  ]);
});

it('a layout change reconciled after the read that throws goes to its reporter, not out of the microtask', async () => {
  const failures: unknown[] = [];
  const layouts = new LatestLayout(
    () => {
      throw new Error('reconcile broke');
    },
    (error) => failures.push(error),
  );
  layouts.hold(create(LayoutChangedNotificationSchema, {}), 1);
  await eventually(() => failures.length === 1);
  expect((failures[0] as Error).message).toBe('reconcile broke');
});
