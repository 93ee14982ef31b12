import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { cliEntry } from '../src/index';
import { runCliInProcess } from './support/cli-in-process';

const run = promisify(execFile);
let host: Host;
let dataDir: string;
let project: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-up-'));
  host = await startHost({ dataDir, backend: 'memory' });
  project = mkdtempSync(join(tmpdir(), 'sb-up-project-'));
  mkdirSync(join(project, 'api'));
  writeFileSync(
    join(project, 'fleet.yaml'),
    [
      'version: 1',
      'templates:',
      '  reviewer: { kind: shell, role: tester }',
      'teams:',
      '  - name: api',
      '    agents:',
      '      - { name: api-builder, kind: shell, role: builder, cwd: api }',
      '      - { template: reviewer, count: 2 }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => host?.close());

/** One real `switchboard` process (the data folder from the environment, exit code and stderr from `main`). */
const upProcess = (args: string[]) =>
  run(process.execPath, [cliEntry, 'up', ...args], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    timeout: 60_000,
  });
/** The same program in this process (support/cli-in-process.ts: a process start is 10–15 s at CI's load). */
const up = async (args: string[]) => {
  const result = await runCliInProcess(['up', ...args, '--data-dir', dataDir]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result;
};

describe('switchboard up FILE', { timeout: 180_000 }, () => {
  it("dry-runs, applies (relative folders from the file's folder), and re-applies without changing anything", async () => {
    const dry = await up(['--dry-run', join(project, 'fleet.yaml')]);
    expect(dry.stdout).toBe(
      'teams:  would create api; already there: —\nagents: would spawn api-builder, reviewer-1, reviewer-2; already there: —\n',
    );
    expect(
      ((await host.orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] }).agents,
    ).toEqual([]);

    const applied = await up([join(project, 'fleet.yaml')]);
    expect(applied.stdout).toBe(
      'teams:  created api; already there: —\nagents: spawned api-builder, reviewer-1, reviewer-2; already there: —\n',
    );
    const agents = ((await host.orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] })
      .agents;
    expect(agents.find((a) => a.name === 'api-builder')?.cwd).toBe(join(project, 'api'));

    const again = await up([join(project, 'fleet.yaml')]);
    expect(again.stdout).toBe(
      'teams:  created —; already there: api\nagents: spawned —; already there: api-builder, reviewer-1, reviewer-2\n',
    );
  });

  it('exits non-zero with the reason for a file that does not fit the schema', async () => {
    writeFileSync(join(project, 'bad.yaml'), 'version: 1\nagents:\n  - kind: custom\n    name: x\n');
    const failure = await upProcess([join(project, 'bad.yaml')]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/needs a command/);
  });
});
