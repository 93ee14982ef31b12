import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundleExport } from '../src/commands/export-bundle';
import { runExport } from '../src/commands/export';
import { runHost } from '../src/commands/host';
import { runMcp } from '../src/commands/mcp';
import { runMcpConfig } from '../src/commands/mcp-config';
import { runRestore } from '../src/commands/restore';
import { runUp } from '../src/commands/up';

describe('the commands that call the running host, with none running', () => {
  it('each says where it looked and how to start one, and calls nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-no-host-'));
    const fleetFile = join(dataDir, 'fleet.yaml');
    writeFileSync(fleetFile, 'version: 1\nagents: []\n');
    const said = `No running Switchboard host found in ${dataDir} (host.json); start one with \`switchboard start\`.`;
    const runs: [string, () => Promise<unknown>][] = [
      ['restore', () => runRestore({ dataDir, fresh: false })],
      ['up', () => runUp({ dataDir, file: fleetFile, dryRun: true })],
      ['host list', () => runHost(dataDir, { kind: 'list' })],
      ['mcp-config', () => runMcpConfig({ dataDir, agent: 'a', client: 'claude', name: 'switchboard' })],
      ['export', () => runExport({ dataDir, agent: 'a', format: 'text' })],
      ['export --bundle', () => runBundleExport({ dataDir })],
    ];
    for (const [name, run] of runs) await expect(run(), name).rejects.toThrow(said);

    // `switchboard mcp` also refuses a host.json whose process has ended (a host that crashed left it behind).
    writeFileSync(
      join(dataDir, 'host.json'),
      JSON.stringify({
        port: 1,
        pid: 2 ** 22 + 1,
        protocolVersion: 1,
        url: 'http://127.0.0.1:1',
        token: 't',
        startedAt: new Date().toISOString(),
      }),
    );
    await expect(runMcp({ dataDir, env: { SWITCHBOARD_TOKEN: 'sb_test' } })).rejects.toThrow(said);
  });

  it('`switchboard mcp` refuses a SWITCHBOARD_MCP_TRANSPORT it does not know before anything else; takes any case', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-no-host-'));
    const said = `No running Switchboard host found in ${dataDir} (host.json); start one with \`switchboard start\`.`;
    for (const transport of ['htp', 'sock', 'https'])
      await expect(
        runMcp({ dataDir, env: { SWITCHBOARD_TOKEN: 'sb_test', SWITCHBOARD_MCP_TRANSPORT: transport } }),
      ).rejects.toThrow(`SWITCHBOARD_MCP_TRANSPORT must be "socket" or "http", not "${transport}"`);
    // A known one in any case (or none) gets past the setting, to the next check.
    for (const transport of ['HTTP', 'Socket', ' http ', ''])
      await expect(
        runMcp({ dataDir, env: { SWITCHBOARD_TOKEN: 'sb_test', SWITCHBOARD_MCP_TRANSPORT: transport } }),
      ).rejects.toThrow(said);
  });
});
