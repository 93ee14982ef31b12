import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { cliEntry } from '../src/index';

const run = promisify(execFile);
let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-host-cli-'));
  host = await startHost({ dataDir, backend: 'memory' });
});
afterAll(async () => host?.close());

const cli = (args: string[]) =>
  run(process.execPath, [cliEntry, 'host', ...args], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    timeout: 60_000,
  });

describe('switchboard host', { timeout: 120_000 }, () => {
  it('adds, lists and removes hosts on the running host; a hostile URL is refused, nothing stored', async () => {
    expect((await cli(['list'])).stdout).toMatch(/^No remote hosts/);
    expect((await cli(['add', 'build', 'ssh://dev@build.example.com:2222'])).stdout).toBe(
      'added build\tssh://dev@build.example.com:2222\n',
    );
    const refused = await cli(['add', 'evil', 'ssh://-oProxyCommand=sh@box']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/ssh:\/\/user@host/);
    expect((await cli(['list'])).stdout).toBe('build\tssh://dev@build.example.com:2222\n');
    expect((await cli(['remove', 'build'])).stdout).toBe('removed build\n');
    expect((await cli(['list'])).stdout).toMatch(/^No remote hosts/);
  });
});
