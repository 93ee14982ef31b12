import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { eventually } from '@switchboard/core/testing';
import { startSimServer, type SimServer } from '@switchboard/iterm-bridge/sim';
import { createBackend } from '../src/backend-factory';
import { startTestHost } from './host-fixture';

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
    const without = await createBackend({ kind: 'auto', iterm2Socket: socket, dataDir: folder() });
    expect(without.resolved).toBe('sim');
    expect(without.note).toContain(socket);
    await without.backend.close();
    servers.push(await startSimServer({ unixPath: socket }));
    const withSocket = await createBackend({ kind: 'auto', iterm2Socket: socket, dataDir: folder() });
    expect(withSocket.resolved).toBe('iterm2');
    await withSocket.backend.close();
  });

  it('iterm2 without a server: a clear error naming the socket', async () => {
    const socket = join(folder(), 'missing.sock');
    await expect(createBackend({ kind: 'iterm2', iterm2Socket: socket })).rejects.toThrow(/missing\.sock/);
  });

  it('a host on the embedded server spawns an agent into a real pane', async () => {
    const { host, dataDir } = await startTestHost({ backend: 'sim' });
    folders.push(dataDir);
    try {
      expect(host.backendKind).toBe('sim');
      const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'shell-1' })) as { paneId: string };
      expect(agent.paneId).toMatch(/^[0-9A-F-]{36}$/);
    } finally {
      await host.close();
    }
  });
});
