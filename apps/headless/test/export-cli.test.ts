import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { unpackTarGz } from '@switchboard/core/testing';
import { BundleManifest, humanCaller } from '@switchboard/protocol';
import { cliEntry } from '../src/index';
import { runCliInProcess } from './support/cli-in-process';

const run = promisify(execFile);
let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-export-'));
  host = await startHost({ dataDir, backend: 'sim' });
  await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
    name: 'printer',
    kind: 'shell',
    role: 'builder',
  });
  // A real shell (the embedded iTerm2-API server) computes the number: only its output holds the line.
  await host.orchestrator.invoke(humanCaller, 'pane.send', {
    targets: ['printer'],
    text: 'echo "build finished in $((40+2)) s"',
  });
  // Recorded once the screen observer has read the pane (its pace) — asked until it is.
  for (let i = 0; i < 300; i++) {
    const { content } = (await host.orchestrator.invoke(humanCaller, 'recording.export', {
      agent: 'printer',
    })) as { content: string };
    if (content.includes('build finished in 42')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);
afterAll(async () => host?.close());

/**
 * `switchboard export` in this process (support/cli-in-process.ts: a process start is 10–15 s at CI's load); the
 * bundle written to the current folder is a real process (the data folder from the environment, its own folder).
 */
const exportCli = (args: string[]) => runCliInProcess(['export', ...args, '--data-dir', dataDir]);
const exported = async (args: string[]) => {
  const result = await exportCli(args);
  expect(result.code, result.stderr).toBe(0);
  return result;
};

describe('switchboard export', { timeout: 180_000 }, () => {
  it('prints the text transcript, and writes an asciicast v2 file (header line, then [time, "o", data] events)', async () => {
    const text = await exported(['--agent', 'printer']);
    expect(text.stdout).toMatch(/^# Switchboard recording of printer \(/);
    expect(text.stdout).toMatch(/Z {2}build finished in 42 s\n/);

    const file = join(mkdtempSync(join(tmpdir(), 'sb-export-out-')), 'printer.cast');
    // A file there already, readable by everyone: the export replaces it and makes it the person's only.
    writeFileSync(file, 'an older export', { mode: 0o644 });
    const cast = await exported(['--agent', 'printer', '--format', 'asciicast', '--out', file]);
    expect(cast.stderr).toMatch(/^wrote \d+ characters to /);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [header, ...events] = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(header!)).toMatchObject({
      version: 2,
      width: expect.any(Number),
      height: expect.any(Number),
      timestamp: expect.any(Number),
    });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events)
      expect(JSON.parse(event)).toEqual([expect.any(Number), 'o', expect.any(String)]);
    expect(events.join('\n')).toContain('build finished in 42 s');
  });

  it("writes a fleet bundle (.tar.gz, 0600) the system tar unpacks: the manifest and the agent's recording", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-export-bundle-'));
    const file = join(folder, 'fleet.tar.gz');
    writeFileSync(file, 'an older bundle', { mode: 0o644 });
    const to = new Date(Date.now() + 60_000).toISOString();
    const bundle = await exported(['--bundle', '--from', '2020-01-01T00:00:00Z', '--to', to, '--out', file]);
    expect(bundle.stderr).toMatch(
      /^wrote \d+ bytes to .*fleet\.tar\.gz: \d+ files, 1 agents, 2020-01-01T00:00:00\.000Z to /,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const files = await unpackTarGz(readFileSync(file));
    const manifest = BundleManifest.parse(JSON.parse(files.get('manifest.json')!.text));
    expect(manifest.agents.map((agent) => agent.name)).toEqual(['printer']);
    const cast = manifest.files.find((entry) => entry.kind === 'asciicast')!;
    expect(files.get(cast.path)!.text).toContain('build finished in 42 s');

    // Without --out it is written under its own name in the current folder.
    await run(process.execPath, [cliEntry, 'export', '--bundle'], {
      cwd: folder,
      env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    expect(readdirSync(folder).filter((name) => /^switchboard-bundle-.*\.tar\.gz$/.test(name))).toHaveLength(
      1,
    );
  });

  it('exits non-zero with the reason for an unknown agent or a bad format', async () => {
    const unknown = await exportCli(['--agent', 'nobody']);
    const bad = await exportCli(['--agent', 'printer', '--format', 'mp4']);
    const badRange = await exportCli(['--bundle', '--from', 'last tuesday']);
    const neither = await exportCli([]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No agent or recording "nobody"/);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mp4/);
    expect(badRange.code).toBe(1);
    expect(badRange.stderr).toMatch(/from: Invalid ISO datetime/);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toMatch(/--agent <agent> \(or --bundle/);
  });
});
