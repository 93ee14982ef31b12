import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastPath } from '../bin/fast-path.js';
import { cliEntry } from '../src/index';
import { logResolvedModules, withBundledSources } from './support/resolved-modules';

// `switchboard mcp` is the stdio relay a stdio-only MCP client starts per session, `switchboard hook` runs at every
// Claude Code hook event: each has an entry of its own (bin/fast-path.js) that loads only what it needs. Loading the whole CLI
// (commander, every command's option table and what it imports: the MCP SDK, the whole contract) cost ~0.85 CPU-s a
// start. What a real process loads is seen from a module resolve hook (node:module register) that appends every URL
// it resolves to a file; the relay talks to a stand-in for the host's MCP socket (the first line is the token, then
// MCP's stdio framing both ways), so what it loads is that of an accepted relay.
const folder = mkdtempSync(join(tmpdir(), 'sb-cli-entries-'));
const socketPath = join(folder, 'mcp.sock');
let socketHost: Server;
const tokensSeen: string[] = [];

beforeAll(async () => {
  socketHost = createServer((socket) => {
    let buffered = '';
    let accepted = false;
    socket.on('data', (chunk) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (!accepted) {
          tokensSeen.push((JSON.parse(line) as { token: string }).token);
          accepted = true;
          socket.write('{"ok":true}\n');
          continue;
        }
        const request = JSON.parse(line) as { id?: number; method: string };
        if (request.id !== undefined)
          socket.write(
            JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { method: request.method } }) + '\n',
          );
      }
    });
  });
  await new Promise<void>((listening) => socketHost.listen(socketPath, listening));
  // host.json as a running host writes it: this process stands in for the host (its pid is alive).
  writeFileSync(
    join(folder, 'host.json'),
    JSON.stringify({
      port: 9,
      pid: process.pid,
      protocolVersion: 1,
      url: 'http://127.0.0.1:9',
      token: 'human-token-unused',
      startedAt: new Date().toISOString(),
      mcpSocket: socketPath,
    }),
    { mode: 0o600 },
  );
});
afterAll(async () => {
  await new Promise((closed) => socketHost.close(closed));
  rmSync(folder, { recursive: true, force: true });
});

let runs = 0;
/** Runs `switchboard <args>` with what `input` writes on stdin (then ended): its exit code, output and the URLs it resolved. */
async function cliRun(
  args: string[],
  input: (write: (text: string) => void, stdout: () => string) => Promise<void>,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string; modules: string[] }> {
  const logFile = join(folder, `resolved-${++runs}.txt`);
  writeFileSync(logFile, '');
  const child = spawn(process.execPath, ['--import', logResolvedModules(logFile), cliEntry, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SWITCHBOARD_TSX: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  await input(
    (text) => child.stdin.write(text),
    () => stdout,
  );
  child.stdin.end();
  const code = await exited;
  const resolved = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  return { code, stdout, stderr, modules: withBundledSources(resolved) };
}

/** Resolves once `stdout()` has `lines` lines. */
async function untilLines(stdout: () => string, lines: number): Promise<void> {
  while (stdout().split('\n').length <= lines) await new Promise((r) => setTimeout(r, 20));
}

/** What only the whole CLI loads: its bundle and chunks, commander. */
const wholeCli = (modules: string[]) =>
  modules.filter((url) => /\/\.cache\/cli(\.mjs|-chunks\/)|\/commander\//.test(url));

describe('the CLI entries', { timeout: 120_000 }, () => {
  it('`switchboard mcp` relays through an entry of its own: no CLI framework, no MCP SDK, no contract', async () => {
    const run = await cliRun(
      ['mcp', '--data-dir', folder],
      async (write, stdout) => {
        write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }) + '\n');
        await untilLines(stdout, 1);
        write(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) + '\n');
        await untilLines(stdout, 2);
      },
      { SWITCHBOARD_TOKEN: 'agent-token-from-env' },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { jsonrpc: '2.0', id: 1, result: { method: 'initialize' } },
      { jsonrpc: '2.0', id: 2, result: { method: 'tools/list' } },
    ]);
    expect(tokensSeen).toContain('agent-token-from-env');
    expect(wholeCli(run.modules)).toEqual([]);
    // The probe saw the relay's bundle, so the empty lists are not a blind spot.
    expect(run.modules.some((url) => url.endsWith('/apps/headless/.cache/mcp.mjs'))).toBe(true);
    expect(run.modules.filter((url) => url.includes('/@modelcontextprotocol/'))).toEqual([]);
    expect(run.modules.filter((url) => url.includes('/packages/protocol/src/'))).toEqual([]);
  });

  it('`switchboard hook` loads its own entry, not the whole CLI', async () => {
    const run = await cliRun(['hook'], async (write) => write('{"hook_event_name":"Stop"}'), {
      SWITCHBOARD_TOKEN: '',
    });
    expect(run.code).toBe(0);
    expect(run.modules.some((url) => url.endsWith('/apps/headless/.cache/hook.mjs'))).toBe(true);
    expect(wholeCli(run.modules)).toEqual([]);
    expect(run.modules.filter((url) => url.includes('/@modelcontextprotocol/'))).toEqual([]);
  });

  it('`switchboard --version` prints the package version and loads no bundle', async () => {
    const run = await cliRun(['--version'], async () => undefined);
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as {
      version: string;
    };
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(run.modules.filter((url) => url.includes('/.cache/') || url.includes('compiled-entry'))).toEqual(
      [],
    );
  });

  it("`switchboard --help` (every command's options) loads none of what the commands need: no zod, no MCP SDK", async () => {
    const run = await cliRun(['--help'], async () => undefined);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: switchboard [options] [command]');
    expect(run.modules.filter((url) => /\/zod\/|\/@modelcontextprotocol\//.test(url))).toEqual([]);
    expect(run.modules.some((url) => url.endsWith('/apps/headless/.cache/cli.mjs'))).toBe(true);
  });

  it("`switchboard mcp --help` and a typo after `mcp` get the whole CLI's answers", async () => {
    const [help, typo] = await Promise.all([
      cliRun(['mcp', '--help'], async () => undefined),
      cliRun(['mcp', '--data-dri', folder], async () => undefined),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: switchboard mcp [options]');
    expect(help.stdout).toContain('--data-dir <dir>');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("unknown option '--data-dri'");
  });
});

describe('fastPath', () => {
  it('sends `mcp` alone or with its data folder to the relay entry, anything else after `mcp` to the whole CLI', () => {
    expect(fastPath(['mcp'])).toEqual({ name: 'mcp' });
    expect(fastPath(['mcp', '--data-dir', '/d'])).toEqual({ name: 'mcp', dataDir: '/d' });
    expect(fastPath(['mcp', '--data-dir=/d'])).toEqual({ name: 'mcp', dataDir: '/d' });
    for (const rest of [
      ['--help'],
      ['--data-dir'],
      ['--data-dir', ''],
      ['--data-dir', '--help'],
      ['-x'],
      ['a', 'b'],
    ])
      expect(fastPath(['mcp', ...rest])).toEqual({ name: 'cli' });
  });

  it('sends `hook` to its entry, a lone --version / -V to no entry, everything else to the whole CLI', () => {
    expect(fastPath(['hook', '--codex', '{}'])).toEqual({ name: 'hook' });
    expect(fastPath(['hook', '--help'])).toEqual({ name: 'cli' });
    expect(fastPath(['hook', '-h'])).toEqual({ name: 'cli' });
    expect(fastPath(['--version'])).toEqual({ name: 'version' });
    expect(fastPath(['-V'])).toEqual({ name: 'version' });
    expect(fastPath(['--version', 'x'])).toEqual({ name: 'cli' });
    expect(fastPath([])).toEqual({ name: 'cli' });
    expect(fastPath(['logs', 'mcp'])).toEqual({ name: 'cli' });
  });
});
