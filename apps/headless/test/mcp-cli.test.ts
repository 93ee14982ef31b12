import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { cliEntry, renderMcpConfig, repositoryRoot } from '../src/index';
import { runCliInProcess } from './support/cli-in-process';

const run = promisify(execFile);
const inspector = join(repositoryRoot, 'node_modules/@modelcontextprotocol/inspector/cli/build/cli.js');

let host: Host;
let dataDir: string;
let alphaId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-mcp-cli-'));
  host = await startHost({ dataDir, backend: 'memory' });
  const alpha = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
    name: 'alpha',
    role: 'builder',
  })) as { id: string; paneId: string };
  alphaId = alpha.id;
  await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'beta' });
  await host.orchestrator.invoke(humanCaller, 'pane.send', {
    targets: ['alpha'],
    text: 'hello from alpha',
    submit: false,
  });
});
afterAll(async () => host?.close());

const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [cliEntry, ...args], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, ...env },
    timeout: 60_000,
  });

/**
 * `switchboard mcp-config` in this process (support/cli-in-process.ts: a process start is 10–15 s at CI's load);
 * `switchboard mcp` runs as a real process in every test of it below.
 */
async function mcpConfig(agent: string): Promise<string> {
  const result = await runCliInProcess(['mcp-config', '--agent', agent, '--data-dir', dataDir]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
}

/** The token mcp-config wrote to its 0600 file (the printed line names the file, never the token). */
async function issuedToken(agent = 'alpha'): Promise<string> {
  const stdout = await mcpConfig(agent);
  const match =
    /^claude mcp remove --scope local switchboard >\/dev\/null 2>&1; claude mcp add --scope local switchboard -e SWITCHBOARD_TOKEN_FILE=(\S+) -e SWITCHBOARD_DATA_DIR=(\S+) -- (\S+) (\S+) mcp\n$/.exec(
      stdout,
    );
  expect(match, stdout).not.toBeNull();
  expect(match!.slice(2)).toEqual([dataDir, process.execPath, cliEntry]);
  expect(statSync(match![1]!).mode & 0o777).toBe(0o600);
  const token = readFileSync(match![1]!, 'utf8').trim();
  expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  expect(stdout).not.toContain(token);
  return token;
}

describe('switchboard mcp-config', { timeout: 120_000 }, () => {
  it("prints the claude mcp add line naming a 0600 file with a fresh token that is the agent's identity over HTTP", async () => {
    const token = await issuedToken();
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const me = await client.callTool({ name: 'agent_whoami', arguments: {} });
    expect(me.structuredContent).toMatchObject({ caller: { kind: 'agent', id: alphaId }, role: 'builder' });
    await client.close();
  });

  it('renders codex, gemini and json configs that run the relay with the token file: absolute node paths, never npx, no token', () => {
    const facts = {
      name: 'switchboard',
      tokenFile: '/data/mcp-config/a1.token',
      nodePath: '/usr/bin/node',
      cliPath: '/repo/apps/headless/bin/switchboard.js',
      dataDir: '/data',
    };
    const env = { SWITCHBOARD_TOKEN_FILE: facts.tokenFile, SWITCHBOARD_DATA_DIR: '/data' };
    const codex = renderMcpConfig('codex', facts);
    expect(codex).toContain('[mcp_servers.switchboard]');
    expect(codex).toContain('command = "/usr/bin/node"');
    expect(codex).toContain('args = ["/repo/apps/headless/bin/switchboard.js", "mcp"]');
    expect(codex).toContain(
      'env = { SWITCHBOARD_TOKEN_FILE = "/data/mcp-config/a1.token", SWITCHBOARD_DATA_DIR = "/data" }',
    );
    // Codex's own 10 s would leave a relay that starts slowly (a loaded machine) without its tools.
    expect(codex).toContain('startup_timeout_sec = 60');
    for (const kind of ['gemini', 'json'] as const)
      expect(JSON.parse(renderMcpConfig(kind, facts)).mcpServers.switchboard).toEqual({
        command: '/usr/bin/node',
        args: [facts.cliPath, 'mcp'],
        env,
      });
    for (const kind of ['claude', 'codex', 'gemini', 'json'] as const)
      expect(renderMcpConfig(kind, facts)).not.toMatch(/npx|Bearer|SWITCHBOARD_TOKEN\b/);
  });

  it("is idempotent: running it again revokes the token it printed before, never the one the agent's launcher holds", async () => {
    const { agent, token: launcherToken } = await host.orchestrator.fleet.spawn({
      name: 'gamma',
      kind: 'shell',
      role: 'builder',
    });
    const tokenOf = () => issuedToken('gamma');
    const first = await tokenOf();
    expect(host.authenticate(first)).toEqual({ kind: 'agent', id: agent.id });
    const second = await tokenOf();
    expect(host.authenticate(first)).toBeUndefined();
    expect(host.authenticate(second)).toEqual({ kind: 'agent', id: agent.id });
    expect(host.authenticate(launcherToken)).toEqual({ kind: 'agent', id: agent.id });
  });

  it('refuses an unknown agent', async () => {
    expect(await runCliInProcess(['mcp-config', '--agent', 'ghost', '--data-dir', dataDir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No agent "ghost"'),
    });
  });
});

describe('switchboard mcp (stdio)', { timeout: 120_000 }, () => {
  it('relays to the running host under the token from SWITCHBOARD_TOKEN', async () => {
    const token = await issuedToken();
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cliEntry, 'mcp'],
        env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_TOKEN: token } as Record<
          string,
          string
        >,
      }),
    );
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('pane_read');
    expect(names).not.toContain('fleet_snapshot');
    const read = await client.callTool({ name: 'pane_read', arguments: {} });
    expect(read.structuredContent).toMatchObject({
      screens: [{ agentId: alphaId, lines: ['hello from alpha'] }],
    });
    const bad = await client.callTool({ name: 'pane_read', arguments: { targets: ['ghost'] } });
    expect(bad.isError).toBe(true);
    const terminal = await client.readResource({ uri: 'terminal://alpha/output' });
    expect(terminal.contents[0]).toMatchObject({ text: 'hello from alpha' });
    await client.close();
  });

  it('relays under the token in the 0600 file SWITCHBOARD_TOKEN_FILE names, and refuses a file others can read', async () => {
    await issuedToken();
    const tokenFile = join(dataDir, 'mcp-config', `${alphaId}.token`);
    const client = new Client({ name: 'test', version: '1' });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_TOKEN_FILE: tokenFile,
    };
    delete env['SWITCHBOARD_TOKEN'];
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cliEntry, 'mcp'],
        env: env as Record<string, string>,
      }),
    );
    const me = await client.callTool({ name: 'agent_whoami', arguments: {} });
    expect(me.structuredContent).toMatchObject({ caller: { kind: 'agent', id: alphaId } });
    await client.close();
    const shared = join(dataDir, 'shared.token');
    writeFileSync(shared, readFileSync(tokenFile), { mode: 0o644 });
    chmodSync(shared, 0o644);
    await expect(
      cli(['mcp'], { SWITCHBOARD_TOKEN: '', SWITCHBOARD_TOKEN_FILE: shared }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is readable by others (mode 644)'),
    });
  });

  it('needs SWITCHBOARD_TOKEN and will not take a token flag', async () => {
    await expect(cli(['mcp'], { SWITCHBOARD_TOKEN: '' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('SWITCHBOARD_TOKEN is not set'),
    });
    // Refused by the option parser before the command runs: the same program in this process.
    expect(await runCliInProcess(['mcp', '--token', 'x'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("unknown option '--token'"),
    });
  });

  it('answers an unknown token with an error, not a hang', async () => {
    const client = new Client({ name: 'test', version: '1' });
    const connecting = client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cliEntry, 'mcp'],
        env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_TOKEN: 'not-a-token' } as Record<
          string,
          string
        >,
      }),
    );
    await expect(connecting).rejects.toThrow(/unreachable|401|token/i);
    await client.close().catch(() => undefined);
  });
});

// The three runs share one token (issuing one revokes the one printed before) and run side by side: each is two
// Node processes (the inspector, and the `switchboard mcp` it starts) that mostly wait on each other.
describe.concurrent(
  'an unmodified third-party client: the MCP Inspector CLI 0.15.0',
  { timeout: 120_000 },
  () => {
    let token: string;
    beforeAll(async () => {
      token = await issuedToken();
    });
    const inspect = async (args: string[]) => {
      const { stdout } = await run(
        process.execPath,
        [inspector, '--cli', process.execPath, cliEntry, 'mcp', ...args],
        {
          env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_TOKEN: token },
          timeout: 60_000,
        },
      );
      return JSON.parse(stdout) as Record<string, unknown>;
    };

    it('lists the tools', async ({ expect }) => {
      const listed = (await inspect(['--method', 'tools/list'])) as { tools: { name: string }[] };
      expect(listed.tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['pane_read', 'pane_send', 'agent_whoami', 'human_notify']),
      );
    });

    it('calls a tool', async ({ expect }) => {
      const result = (await inspect([
        '--method',
        'tools/call',
        '--tool-name',
        'pane_get' + 'Variable',
        '--tool-arg',
        'target=alpha',
        '--tool-arg',
        'name=project',
      ])) as {
        structuredContent: { value: unknown };
      };
      expect(result.structuredContent).toMatchObject({ name: 'project', value: null });
    });

    it('reads a resource', async ({ expect }) => {
      const read = (await inspect(['--method', 'resources/read', '--uri', 'terminal://alpha/output'])) as {
        contents: { text: string }[];
      };
      expect(read.contents[0]!.text).toBe('hello from alpha');
    });
  },
);
