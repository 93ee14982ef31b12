import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { runHook } from '../src/commands/hook';
import { cliEntry } from '../src/paths';

const stopJson = JSON.stringify({ hook_event_name: 'Stop', stop_hook_active: false });

// `switchboard hook` runs in the agent's hook process and finds the host in host.json (no SWITCHBOARD_URL): a file
// the agent, the same user, can replace. It reads it as the host does: at most 64 KiB, a FIFO not waited on.
describe('switchboard hook reads host.json as the host does', () => {
  let host: Host | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await host?.close();
    host = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-hook-file-'));
    dirs.push(dir);
    return dir;
  };

  it('a FIFO in place of host.json: the hook process ends at once, nothing reported (it used to wait for ever)', async () => {
    const dir = dataDir();
    execFileSync('mkfifo', [join(dir, 'host.json')]);
    const env = { ...process.env, SWITCHBOARD_TOKEN: 'a-token', SWITCHBOARD_URL: '' };
    const child = spawn(process.execPath, [cliEntry, 'hook', '--data-dir', dir], { env, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stopJson);
    // Not a timing: a bound on "never" (a blocked read would hold the child until it is killed).
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(stderr).toContain('nothing reported');
  }, 90_000);

  it('a host.json over 64 KiB is not read (the same file under the cap is)', async () => {
    host = await startHost({ dataDir: dataDir(), backend: 'memory', writeHostFile: false });
    const { token } = await host.orchestrator.fleet.spawn({
      name: 'claude-1',
      kind: 'claude',
      role: 'builder',
    });
    const fields = {
      port: 1,
      pid: process.pid,
      protocolVersion: 1,
      url: host.url,
      token: 't',
      startedAt: 'now',
    };
    const hook = (dir: string) =>
      runHook({
        dataDir: dir,
        env: { SWITCHBOARD_TOKEN: token },
        stdin: Readable.from([stopJson]),
        log: () => undefined,
      });
    const small = dataDir();
    writeFileSync(join(small, 'host.json'), JSON.stringify(fields));
    expect(await hook(small)).toBe('reported');
    const large = dataDir();
    writeFileSync(join(large, 'host.json'), JSON.stringify({ ...fields, padding: 'x'.repeat(64 * 1024) }));
    expect(await hook(large)).toBe('ignored');
  });
});
