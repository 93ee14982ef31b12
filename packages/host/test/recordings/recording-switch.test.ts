// The host's switch for recordings: SWITCHBOARD_RECORDINGS=off (or the host option) records nothing,
// the default records, a value that is neither on nor off stops the host with a clear error.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { humanCaller, type CommandOutput } from '@switchboard/protocol';
import { startHost, type Host } from '../../src/index';
import { RECORDINGS_ENV, recordingSwitchFromEnv } from '../../src/recording-switch';

const hosts: Host[] = [];
const saved = process.env[RECORDINGS_ENV];
afterEach(async () => {
  if (saved === undefined) delete process.env[RECORDINGS_ENV];
  else process.env[RECORDINGS_ENV] = saved;
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

async function printingHost(recordings?: { enabled: boolean }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-rec-switch-'));
  const host = await startHost({
    dataDir,
    backend: 'memory',
    writeHostFile: false,
    ...(recordings ? { recordings } : {}),
  });
  hosts.push(host);
  const human = <T>(name: string, input: unknown) =>
    host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const { agent } = await host.orchestrator.fleet.spawn({ name: 'printer', kind: 'shell', role: 'builder' });
  await host.backend.sendText(agent.paneId!, 'wombat build finished\r');
  return { host, human, dataDir, paneId: agent.paneId! };
}

const files = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(folder, entry.name)) : [entry.name],
      )
    : [];

describe('the recordings switch', () => {
  it('records by default', async () => {
    delete process.env[RECORDINGS_ENV];
    const { host, human } = await printingHost();
    expect(host.recording).toBe(true);
    await eventually(
      async () =>
        (
          await human<CommandOutput<'fleet.search'>>('fleet.search', {
            query: 'wombat',
            sources: ['recording'],
          })
        ).total === 1,
      10_000,
      'the printed line in the search',
    );
    expect(await human<CommandOutput<'recording.list'>>('recording.list', {})).toMatchObject({
      enabled: true,
    });
  });

  it.each([
    ['SWITCHBOARD_RECORDINGS=off', 'off', undefined],
    ['the host option', undefined, { enabled: false }],
  ])('records nothing when turned off by %s', async (_how, env, option) => {
    if (env === undefined) delete process.env[RECORDINGS_ENV];
    else process.env[RECORDINGS_ENV] = env;
    const { host, human, dataDir, paneId } = await printingHost(option);
    expect(host.recording).toBe(false);
    // The pane is live (a mirror would show it); nothing of it is kept.
    await eventually(
      async () => (await host.backend.readScreen(paneId)).lines.some((l) => l.includes('wombat')),
      10_000,
      'the line on screen',
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await human('recording.list', {})).toMatchObject({
      enabled: false,
      recordings: [],
      totalBytes: 0,
    });
    expect(
      (
        await human<CommandOutput<'fleet.search'>>('fleet.search', {
          query: 'wombat',
          sources: ['recording'],
        })
      ).total,
    ).toBe(0);
    expect(files(join(dataDir, 'recordings'))).toEqual([]);
  });

  it('the host option wins over the environment', async () => {
    process.env[RECORDINGS_ENV] = 'off';
    const { host } = await printingHost({ enabled: true });
    expect(host.recording).toBe(true);
  });

  it('refuses a value that is neither on nor off, saying which it takes', async () => {
    expect(recordingSwitchFromEnv({ [RECORDINGS_ENV]: 'OFF ' })).toEqual({ enabled: false });
    expect(recordingSwitchFromEnv({ [RECORDINGS_ENV]: 'styles' })).toEqual({ enabled: true, styles: true });
    expect(recordingSwitchFromEnv({ [RECORDINGS_ENV]: '' })).toBeUndefined();
    expect(() => recordingSwitchFromEnv({ [RECORDINGS_ENV]: 'toString' })).toThrow(/must be/);
    expect(() => recordingSwitchFromEnv({ [RECORDINGS_ENV]: 'no' })).toThrow(
      /must be "on", "off" or "styles"/,
    );
    process.env[RECORDINGS_ENV] = 'disabled';
    await expect(
      startHost({
        dataDir: mkdtempSync(join(tmpdir(), 'sb-rec-switch-')),
        backend: 'memory',
        writeHostFile: false,
      }),
    ).rejects.toThrow(/SWITCHBOARD_RECORDINGS must be "on", "off" or "styles", not "disabled"/);
  });
});
