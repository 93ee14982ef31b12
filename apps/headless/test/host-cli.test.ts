import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { cliEntry } from '../src/index';
import { runCliInProcess } from './support/cli-in-process';

const run = promisify(execFile);
let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-host-cli-'));
  host = await startHost({ dataDir, backend: 'memory' });
});
afterAll(async () => host?.close());

/** One real `switchboard` process (the data folder from the environment, exit code and stderr from `main`). */
const cliProcess = (args: string[]) =>
  run(process.execPath, [cliEntry, 'host', ...args], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    timeout: 60_000,
  });
/** The same program in this process (support/cli-in-process.ts: a process start is 10–15 s at CI's load). */
const cli = async (args: string[]) => {
  const result = await runCliInProcess(['host', ...args, '--data-dir', dataDir]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
};

describe('switchboard host', { timeout: 120_000 }, () => {
  it('adds, lists and removes hosts on the running host; a hostile URL is refused, nothing stored', async () => {
    expect(await cli(['list'])).toMatch(/^No remote hosts/);
    expect(await cli(['add', 'build', 'ssh://dev@build.example.com:2222'])).toBe(
      'added build\tssh://dev@build.example.com:2222\n',
    );
    const refused = await cliProcess(['add', 'evil', 'ssh://-oProxyCommand=sh@box']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/ssh:\/\/user@host/);
    expect(await cli(['list'])).toBe('build\tssh://dev@build.example.com:2222\n');
    expect(await cli(['remove', 'build'])).toBe('removed build\n');
    expect(await cli(['list'])).toMatch(/^No remote hosts/);
  });
});
