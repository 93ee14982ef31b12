import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../src/index';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

const health = async (url: string, token?: string) =>
  (await fetch(`${url}/health`, token ? { headers: { authorization: `Bearer ${token}` } } : {})).json();

describe('/health', () => {
  it("says whether a bearer is this run's human token: a host started again refuses the old one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-health-'));
    const first = await startHost({ dataDir: dir, backend: 'memory' });
    const { port, url, token: oldToken } = first;
    expect(await health(url)).toEqual({ ok: true, protocolVersion: expect.any(Number) });
    expect(await health(url, oldToken)).toMatchObject({ ok: true, humanToken: true });
    expect(await health(url, 'not-a-token')).toMatchObject({ ok: true, humanToken: false });
    await first.close();

    const second = await startHost({ dataDir: dir, backend: 'memory', port });
    hosts.push(second);
    expect(second.token).not.toBe(oldToken);
    expect(await health(url, oldToken)).toMatchObject({ ok: true, humanToken: false });
    expect(await health(url, second.token)).toMatchObject({ ok: true, humanToken: true });
  });
});
