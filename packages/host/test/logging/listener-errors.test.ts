import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createMemoryLogger } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { createBackend } from '../../src/backend-factory';
import { readLogLines } from '../../src/index';
import { startTestHost } from '../host-fixture';

// The host's backend and the routing backend over it dropped a listener's error, and the routing backend's first
// throwing listener kept the event from the listeners after it.
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

it("a listener of the host's backend that throws is one line in the host's log; the next listener still hears", async () => {
  const { host, dataDir } = await startTestHost();
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  host.backend.onEvent((event) => {
    if (event.type === 'pane.created') throw new Error('a listener of the host broke');
  });
  const created: string[] = [];
  host.backend.onEvent((event) => event.type === 'pane.created' && created.push(event.pane.id));
  const pane = await host.backend.createPane({});
  await eventually(() => created.includes(pane.id));
  await host.close();
  expect(readLogLines(dataDir, { component: 'routing-backend' })).toMatchObject([
    { level: 'error', message: 'a listener threw', event: 'pane.created', paneId: pane.id },
  ]);
});

it('the iTerm2 backend the factory makes logs a listener that throws through the logger it is given', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-factory-listeners-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const logger = createMemoryLogger();
  const { backend } = await createBackend({ kind: 'sim', dataDir, logger });
  cleanups.push(() => backend.close());
  backend.onEvent((event) => {
    if (event.type === 'pane.created') throw new Error('a listener broke');
  });
  const pane = await backend.createPane({});
  await eventually(() => logger.records.some((r) => r.message === 'a listener threw'));
  expect(logger.records.filter((r) => r.message === 'a listener threw')).toMatchObject([
    { component: 'iterm2-backend', event: 'pane.created', paneId: pane.id },
  ]);
});
