import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { eventually } from '@switchboard/core/testing';
import { startSimServer, type SimServer } from '@switchboard/iterm-bridge/sim';
import { createBackend } from '../src/backend-factory';
import { startTestHost } from './host-fixture';

const tmuxAvailable = spawnSync('tmux', ['-V']).status === 0;
const folders: string[] = [];
const servers: SimServer[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-factory-'));
  folders.push(dir);
  return dir;
};
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

describe('backend factory', () => {
  it('sim: runs the embedded server on a socket in the data folder, with real shells; close removes it', async () => {
    const dataDir = folder();
    const { backend, resolved } = await createBackend({ kind: 'sim', dataDir });
    expect(resolved).toBe('sim');
    expect(existsSync(join(dataDir, 'iterm2-sim.sock'))).toBe(true);
    const pane = await backend.createPane({});
    await backend.sendText(pane.id, 'echo sim-$((40+2))\r');
    await eventually(async () => (await backend.readScreen(pane.id)).lines.includes('sim-42'));
    await backend.close();
    expect(existsSync(join(dataDir, 'iterm2-sim.sock'))).toBe(false);
  });

  it('iterm2 --iterm2-socket: attaches to a standalone server, whose panes outlive the host', async () => {
    const socket = join(folder(), 'api.sock');
    servers.push(await startSimServer({ unixPath: socket }));
    const first = await createBackend({ kind: 'iterm2', iterm2Socket: socket });
    expect(first.resolved).toBe('iterm2');
    const pane = await first.backend.createPane({});
    await first.backend.close();
    const second = await createBackend({ kind: 'iterm2', iterm2Socket: socket });
    expect((await second.backend.listPanes()).map((p) => p.id)).toEqual([pane.id]);
    await second.backend.close();
  });

  it('auto: iTerm2 when its socket exists, else the embedded server', async () => {
    const socket = join(folder(), 'api.sock');
    const without = await createBackend({ kind: 'auto', iterm2Socket: socket, dataDir: folder(), env: {} });
    expect(without.resolved).toBe('sim');
    expect(without.note).toContain(socket);
    await without.backend.close();
    servers.push(await startSimServer({ unixPath: socket }));
    const withSocket = await createBackend({
      kind: 'auto',
      iterm2Socket: socket,
      dataDir: folder(),
      env: { TMUX: '/tmp/tmux-0/default,1,0' },
    });
    expect(withSocket.resolved).toBe('iterm2');
    await withSocket.backend.close();
  });

  it.skipIf(!tmuxAvailable)('auto inside tmux without iTerm2: tmux, on the socket asked for', async () => {
    const tmuxSocket = join(folder(), 'tmux.sock');
    const created = await createBackend({
      kind: 'auto',
      iterm2Socket: join(folder(), 'none.sock'),
      tmuxSocket,
      env: { TMUX: `${tmuxSocket},1,0` },
    });
    try {
      expect(created.resolved).toBe('tmux');
      expect(created.note).toContain('inside tmux');
      const pane = await created.backend.createPane({});
      expect(
        spawnSync('tmux', ['-S', tmuxSocket, 'list-panes', '-a', '-F', '#{pane_id}'], { encoding: 'utf8' })
          .stdout,
      ).toContain(pane.id);
    } finally {
      await created.backend.close();
      spawnSync('tmux', ['-S', tmuxSocket, 'kill-server']);
    }
  });

  it.skipIf(!tmuxAvailable)(
    'a host on tmux spawns an agent into a real tmux pane, badge and agent variable set',
    async () => {
      const tmuxSocket = join(folder(), 'tmux.sock');
      const { host, dataDir } = await startTestHost({ backend: 'tmux', tmuxSocket });
      folders.push(dataDir);
      try {
        expect(host.backendKind).toBe('tmux');
        const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
          name: 'tmux-shell',
        })) as { id: string; paneId: string };
        const tmux = (...args: string[]) =>
          spawnSync('tmux', ['-S', tmuxSocket, ...args], { encoding: 'utf8' }).stdout;
        expect(tmux('list-panes', '-a', '-F', '#{pane_id}')).toContain(agent.paneId);
        await eventually(
          () =>
            tmux('show-options', '-p', '-v', '-t', agent.paneId, '@switchboard_badge').includes('tmux-shell'),
          10_000,
          'the badge',
        );
        await host.backend.sendText(agent.paneId, 'echo tmux-$((40+2))\r');
        await eventually(
          async () => (await host.backend.readScreen(agent.paneId)).lines.some((l) => l.includes('tmux-42')),
          10_000,
          'the shell answering',
        );
      } finally {
        await host.close();
        spawnSync('tmux', ['-S', tmuxSocket, 'kill-server']);
      }
    },
  );

  it('iterm2 without a server: a clear error naming the socket', async () => {
    const socket = join(folder(), 'missing.sock');
    await expect(createBackend({ kind: 'iterm2', iterm2Socket: socket })).rejects.toThrow(/missing\.sock/);
  });

  it('a host on the embedded server spawns an agent into a real pane', async () => {
    const { host, dataDir } = await startTestHost({ backend: 'sim' });
    folders.push(dataDir);
    try {
      expect(host.backendKind).toBe('sim');
      const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'shell-1' })) as {
        paneId: string;
      };
      expect(agent.paneId).toMatch(/^[0-9A-F-]{36}$/);
    } finally {
      await host.close();
    }
  });
});
