import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { BackendEvent } from '@switchboard/core';
import { TmuxBackend } from '../src/tmux-backend';
import { freePort, sshAvailable, startSshServer } from './ssh-server';

const suite = sshAvailable && spawnSync('tmux', ['-V']).status === 0 ? describe : describe.skip;

suite('TmuxBackend over SSH to a real OpenSSH server on 127.0.0.1', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('drives remote panes, keeps them through a dropped connection, and carries a reverse tunnel', async () => {
    const sshd = await startSshServer();
    cleanup.push(() => sshd.dispose());
    const remoteSocket = join(mkdtempSync(join(tmpdir(), 'sb-remote-')), 'tmux.sock');
    cleanup.push(() => {
      spawnSync('tmux', ['-S', remoteSocket, 'kill-server']);
      rmSync(join(remoteSocket, '..'), { recursive: true, force: true });
    });
    // A local HTTP server that only the tunnel reaches on the remote side's port.
    const local = createServer((_req, res) => res.end('through-the-tunnel'));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => local.close(resolve)));
    const localPort = (local.address() as { port: number }).port;
    const remotePort = await freePort();

    const backend = await TmuxBackend.connect({
      socketPath: remoteSocket,
      ssh: { ...sshd.target, reverseTunnels: [{ remotePort, localPort }] },
    });
    cleanup.push(() => backend.close());
    expect(backend.name).toBe(`tmux@${sshd.target.destination}`);
    const events: BackendEvent[] = [];
    backend.onEvent((e) => events.push(e));
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    const screen = async (paneId: string) => (await backend.readScreen(paneId)).lines.join('\n');
    await backend.sendText(a.id, `curl -s http://127.0.0.1:${remotePort}/; echo\r`);
    await eventually(
      async () => (await screen(a.id)).includes('through-the-tunnel'),
      15_000,
      'the local server answering through the tunnel',
    );
    const before = (await backend.listPanes()).map((p) => [p.id, p.pid]);

    sshd.stop();
    await eventually(
      () => events.some((e) => e.type === 'backend.disconnected'),
      30_000,
      'backend.disconnected',
    );
    await expect(backend.listPanes()).rejects.toMatchObject({ code: 'unavailable' });
    sshd.restart();
    await eventually(
      () => events.some((e) => e.type === 'backend.reconnected'),
      30_000,
      'backend.reconnected',
    );

    expect((await backend.listPanes()).map((p) => [p.id, p.pid])).toEqual(before);
    expect(events.some((e) => e.type === 'pane.closed' || e.type === 'pane.exited')).toBe(false);
    await backend.sendText(b.id, 'echo still-$((6*7))\r');
    await eventually(
      async () => (await screen(b.id)).includes('still-42'),
      15_000,
      'the remote shell after the reconnect',
    );
    await backend.sendText(a.id, `curl -s http://127.0.0.1:${remotePort}/; echo\r`);
    await eventually(
      async () => (await screen(a.id)).split('through-the-tunnel').length > 2,
      15_000,
      'the tunnel after the reconnect',
    );
  }, 120_000);
});
