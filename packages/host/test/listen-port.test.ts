import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PortTakenError, readHostFile, startHost, type Host } from '../src/index';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});
const dataDir = () => mkdtempSync(join(tmpdir(), 'sb-port-'));

describe("a stable endpoint: the host's port", () => {
  it('is recorded in host.json, and a second start on the same port is the same URL', async () => {
    const dir = dataDir();
    const first = await startHost({ dataDir: dir, backend: 'memory' });
    expect(readHostFile(dir)).toMatchObject({
      port: first.port,
      url: `http://127.0.0.1:${first.port}`,
      pid: process.pid,
    });
    const { port, url } = first;
    await first.close();
    const second = await startHost({ dataDir: dir, backend: 'memory', port });
    hosts.push(second);
    expect(second.url).toBe(url);
  });

  it('a port held by another Switchboard host of the same data folder: the error names it (pid, data folder)', async () => {
    const dir = dataDir();
    const first = await startHost({ dataDir: dir, backend: 'memory' });
    hosts.push(first);
    const refused = startHost({ dataDir: dir, backend: 'memory', port: first.port });
    await expect(refused).rejects.toBeInstanceOf(PortTakenError);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `Port ${first.port} on 127\\.0\\.0\\.1 is already in use by another Switchboard host \\(pid ${process.pid}, .*data folder ${dir}\\)`,
      ),
    );
    // The first host is untouched.
    expect(readHostFile(dir)?.port).toBe(first.port);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
  });

  it('a port held by some other program: the error names its process and says how to pick another port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const refused = startHost({ dataDir: dataDir(), backend: 'memory', port });
      await expect(refused).rejects.toThrow(
        new RegExp(
          `Port ${port} on 127\\.0\\.0\\.1 is already in use by pid ${process.pid} \\(.*node.*\\)\\..*--port N or SWITCHBOARD_PORT=N`,
        ),
      );
    } finally {
      blocker.close();
    }
  });
});
