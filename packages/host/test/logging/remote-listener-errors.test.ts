import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { sshAvailable, startSshServer } from '../../../tmux-bridge/test/ssh-server';
import { connectRemoteHost, TunnelPorts } from '../../src/remote-hosts';

// A remote host's tmux backend got no logger: its listeners' throws were dropped.
const suite = sshAvailable && spawnSync('tmux', ['-V']).status === 0 ? describe : describe.skip;

suite("a remote host's backend, tmux over a real sshd", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
  });

  it('logs a listener that throws through the logger the host gives it', async () => {
    const sshd = await startSshServer();
    cleanups.push(() => sshd.dispose());
    const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-remote-listeners-')), 'tmux.sock');
    cleanups.push(() => {
      spawnSync('tmux', ['-S', socketPath, 'kill-server']);
      rmSync(join(socketPath, '..'), { recursive: true, force: true });
    });
    const logger = createMemoryLogger();
    const { identityFile, knownHostsFile, options } = sshd.target;
    const connect = connectRemoteHost(
      {
        listHosts: async () => [
          {
            name: 'box',
            url: `ssh://${sshd.target.destination}:${sshd.target.port}`,
            createdAt: new Date(0).toISOString(),
          },
        ],
        localPort: async () => 9,
        tmux: { socketPath, ssh: { identityFile, knownHostsFile, options } },
        logger,
      },
      new TunnelPorts(),
    );
    const backend = await connect('box');
    cleanups.push(() => backend.close());
    backend.onEvent((event) => {
      if (event.type === 'pane.created') throw new Error('a listener broke');
    });
    const pane = await backend.createPane({});
    await eventually(() => logger.records.some((r) => r.message === 'a listener threw'));
    expect(logger.records.filter((r) => r.message === 'a listener threw')).toMatchObject([
      { component: 'tmux-backend', event: 'pane.created', paneId: pane.id },
    ]);
  });
});
