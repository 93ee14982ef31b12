import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { repositoryRoot } from '../src/index';
import { runCliInProcess } from './support/cli-in-process';

const run = promisify(execFile);
const bin = (name: string) => join(repositoryRoot, 'node_modules/.bin', name);

let host: Host;
let dataDir: string;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sb-mcp-clients-'));
  dataDir = join(root, 'data');
  host = await startHost({ dataDir, backend: 'memory' });
  await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'outside', role: 'builder' });
});
afterAll(async () => host?.close());

/** What `switchboard mcp-config --client KIND` prints, and the token it issued (from the file the output names). */
async function mcpConfig(client: string): Promise<{ printed: string; token: string }> {
  const result = await runCliInProcess([
    'mcp-config',
    '--agent',
    'outside',
    '--client',
    client,
    '--data-dir',
    dataDir,
  ]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const tokenFile = /SWITCHBOARD_TOKEN_FILE["=: ]+([^"\s]+)/.exec(result.stdout)![1]!;
  return { printed: result.stdout, token: readFileSync(tokenFile, 'utf8').trim() };
}

/** A fresh HOME for one client: its own config, nothing of the person's. */
function home(name: string): string {
  const folder = join(root, `home-${name}`);
  mkdirSync(folder, { recursive: true });
  return folder;
}

const env = (homeDir: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  HOME: homeDir,
  PATH: `${join(repositoryRoot, 'node_modules/.bin')}:${process.env['PATH']}`,
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  ...extra,
});

// Each prints a configuration that holds no token (the token is in a 0600 file it names), and the real CLI (pinned in
// devDependencies) accepts it: its `mcp` listing shows the server, connected where the CLI connects to list.
describe(
  'mcp-config for the real MCP clients: no token in what it prints, and each CLI takes it',
  { timeout: 240_000 },
  () => {
    it('Claude Code 2.1: the printed line registers a stdio server that connects (`claude mcp get`)', async () => {
      const { printed, token } = await mcpConfig('claude');
      expect(printed).not.toContain(token);
      const dir = home('claude');
      await run('sh', ['-c', printed], { cwd: dir, env: env(dir), timeout: 120_000 });
      const { stdout } = await run(bin('claude'), ['mcp', 'get', 'switchboard'], {
        cwd: dir,
        env: env(dir),
        timeout: 120_000,
      });
      expect(stdout).toContain('Connected');
      expect(stdout).toContain('SWITCHBOARD_TOKEN_FILE=');
      expect(stdout + readFileSync(join(dir, '.claude.json'), 'utf8')).not.toContain(token);
    });

    it('Codex 0.169: the printed TOML in config.toml is listed (`codex mcp list`)', async () => {
      const { printed, token } = await mcpConfig('codex');
      expect(printed).not.toContain(token);
      const dir = home('codex');
      const codexHome = join(dir, '.codex');
      mkdirSync(codexHome);
      writeFileSync(join(codexHome, 'config.toml'), printed);
      const { stdout } = await run(bin('codex'), ['mcp', 'list'], {
        cwd: dir,
        env: env(dir, { CODEX_HOME: codexHome }),
        timeout: 120_000,
      });
      expect(stdout).toMatch(/switchboard\s+\S*node\s/);
      expect(stdout).toContain('SWITCHBOARD_TOKEN_FILE');
      expect(stdout).not.toContain(token);
    });

    it('Gemini CLI 0.61: the printed JSON in settings.json connects (`gemini mcp list`)', async () => {
      const { printed, token } = await mcpConfig('gemini');
      expect(printed).not.toContain(token);
      const dir = home('gemini');
      mkdirSync(join(dir, '.gemini'));
      writeFileSync(join(dir, '.gemini', 'settings.json'), printed);
      // Gemini CLI uses MCP servers only in folders the person trusted (its own rule, left to the person).
      writeFileSync(join(dir, '.gemini', 'trustedFolders.json'), JSON.stringify({ [dir]: 'TRUST_FOLDER' }));
      // Gemini CLI writes its listing to standard error.
      const { stdout, stderr } = await run(bin('gemini'), ['mcp', 'list'], {
        cwd: dir,
        env: env(dir),
        timeout: 120_000,
      });
      expect(stdout + stderr).toMatch(/switchboard: \S+ \S+switchboard\.js mcp \(stdio\) - Connected/);
      expect(stdout + stderr).not.toContain(token);
    });
  },
);
