import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger, type LogRecord } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ControlClient } from '../src/control-client';
import { startTmux, tmuxAvailable } from './tmux-server';

// A control client's listener that threw left the stdout 'data' handler: an uncaught exception (the host's end),
// and the rest of the chunk's lines were never parsed. The backend's own emitter dropped the error.
const suite = tmuxAvailable ? describe : describe.skip;
const thrown = (records: LogRecord[]) => records.filter((r) => r.message === 'a listener threw');

suite('listeners of tmux that throw', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function controlClient() {
    const folder = mkdtempSync(join(tmpdir(), 'sb-tmux-listeners-'));
    const socketPath = join(folder, 'tmux.sock');
    cleanups.push(() => {
      spawnSync('tmux', ['-S', socketPath, 'kill-server']);
      rmSync(folder, { recursive: true, force: true });
    });
    const logger = createMemoryLogger();
    const client = await ControlClient.start({
      serverArgs: ['-S', socketPath],
      session: 'listeners',
      keeper: 'exec sleep 600',
      keeperName: 'keeper',
      logger,
    });
    cleanups.push(() => client.close());
    return { client, records: logger.records, socketPath };
  }

  it('a notification listener that throws is logged once; the others get it and the client still answers', async () => {
    const { client, records } = await controlClient();
    let broken = false;
    client.onNotification((n) => {
      if (n.name === 'window-add' && !broken) {
        broken = true;
        throw new Error('the first listener broke');
      }
    });
    const names: string[] = [];
    client.onNotification((n) => names.push(n.name));
    await client.run('new-window -d');
    await eventually(() => names.includes('window-add'));
    expect(await client.run('display-message -p ok')).toEqual(['ok']);
    expect(thrown(records)).toMatchObject([
      { level: 'error', component: 'tmux-control', event: 'notification', notification: 'window-add' },
    ]);
  });

  it('an exit listener that throws is logged; the others still hear the exit', async () => {
    const { client, records, socketPath } = await controlClient();
    client.onExit(() => {
      throw new Error('the exit listener broke');
    });
    let exited = false;
    client.onExit(() => (exited = true));
    spawnSync('tmux', ['-S', socketPath, 'kill-server']);
    await eventually(() => exited);
    expect(thrown(records)).toMatchObject([{ level: 'error', component: 'tmux-control', event: 'exit' }]);
  });

  it('a backend event listener that throws is logged with the event and pane; the next still gets it', async () => {
    const logger = createMemoryLogger();
    const tmux = await startTmux({ logger });
    cleanups.push(tmux.dispose, () => tmux.backend.close());
    tmux.backend.onEvent((event) => {
      if (event.type === 'pane.created') throw new Error('the fleet could not adopt it');
    });
    const created: string[] = [];
    tmux.backend.onEvent((event) => event.type === 'pane.created' && created.push(event.pane.id));
    const pane = await tmux.backend.createPane({});
    await eventually(() => created.includes(pane.id));
    expect(thrown(logger.records)).toMatchObject([
      { level: 'error', component: 'tmux-backend', event: 'pane.created', paneId: pane.id },
    ]);
  });
});
