import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '@switchboard/host';
import { runCliInProcess } from './support/cli-in-process';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../bin/switchboard.js');

describe('switchboard logs', () => {
  it('prints the newest lines, filters by level, agent and error id, and passes JSON through', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-logs-cli-'));
    const logs = createFileLogger(dataDir, { level: 'debug' });
    logs.logger.log('debug', 'chatter', { component: 'fleet' });
    logs.logger.log('info', 'agent spawned', {
      component: 'fleet',
      agent: 'agent-1',
      agentName: 'builder-1',
    });
    logs.logger.log('error', 'pane.read failed', {
      component: 'dispatch',
      errorId: 'deadbeef',
      err: new Error('boom'),
    });
    await logs.close();
    // In this process (support/cli-in-process.ts: a process start is 10–15 s at CI's load); the test below runs
    // the CLI as a real process.
    const logsOf = async (...args: string[]) => {
      const result = await runCliInProcess(['logs', '--data-dir', dataDir, ...args]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return result.stdout.trim().split('\n');
    };

    const all = await logsOf();
    expect(all).toHaveLength(3);
    expect(all[2]).toMatch(/ERROR\s+dispatch\s+pane\.read failed\s+errorId=deadbeef/);
    expect(await logsOf('--level', 'info')).toHaveLength(2);
    expect(await logsOf('--agent', 'builder-1')).toEqual([expect.stringContaining('agent spawned')]);
    const [json] = await logsOf('--error', 'deadbeef', '--json');
    expect(JSON.parse(json!)).toMatchObject({
      level: 'error',
      errorId: 'deadbeef',
      err: { type: 'Error', message: 'boom' },
    });
    expect(await logsOf('--lines', '1')).toEqual([expect.stringContaining('pane.read failed')]);
  }, 120_000);

  it('says so when there is no log yet', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-logs-cli-'));
    const { stdout } = await run(process.execPath, [cli, 'logs', '--data-dir', dataDir]);
    expect(stdout).toContain('No log yet');
  });
});
