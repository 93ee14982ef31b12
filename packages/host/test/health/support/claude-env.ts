import { chmodSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TerminalBackend } from '@switchboard/core';
import type { Agent } from '@switchboard/protocol';
import type { Host } from '../../../src/index';
import { quote } from '../../support/shell-words';

/** The real Claude Code CLI installed at the repository root (reference/agent-clis.md). */
export const CLAUDE_BIN = resolve(
  fileURLToPath(new URL('../../../../../node_modules/.bin/claude', import.meta.url)),
);
const KEY = 'sk-ant-api03-scripted-model-key-0123456789abcdefghij';

export interface ClaudeSandbox {
  home: string;
  /** The project folder Claude Code runs in (Switchboard writes nothing into it). */
  cwd: string;
  /** Where a test writes the agent's token; the pane's command waits for it (a stand-in for the fleet launcher). */
  tokenFile: string;
  /** A shell command line that starts Claude Code offline against the scripted model. */
  command: string;
}

/**
 * A throwaway HOME and project for Claude Code pointed at a scripted model: onboarding done, the
 * project trusted and (unless `approveKey` is false) the API key pre-approved, so the first screen is
 * the input box. With `waitForToken`, the command first waits for the token file and exports
 * SWITCHBOARD_TOKEN/SWITCHBOARD_URL, as the fleet's launcher does for real agents.
 */
export function claudeSandbox(options: {
  modelUrl: string;
  approveKey?: boolean;
  hostUrl?: string;
  waitForToken?: boolean;
  args?: string[];
  offEndpoint?: boolean;
  /** Which agent's CLI asked shows to the scripted model as its `x-api-key`: one key per agent tells them apart. */
  apiKey?: string;
  /** More environment for the CLI (e.g. ENABLE_TOOL_SEARCH=false so MCP tools are offered directly). */
  env?: Record<string, string>;
}): ClaudeSandbox {
  const key = options.apiKey ?? KEY;
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'sb-claude-home-')));
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'sb-claude-project-')));
  const tokenFile = join(home, 'switchboard-token');
  const approved = options.approveKey === false ? [] : [key.slice(-20)];
  writeFileSync(
    join(home, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      customApiKeyResponses: { approved, rejected: [] },
      projects: { [cwd]: { hasTrustDialogAccepted: true } },
    }),
  );
  const env = {
    HOME: home,
    ANTHROPIC_BASE_URL: options.modelUrl,
    ANTHROPIC_API_KEY: key,
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    // No clone of the official plugin marketplace (a git process per CLI, to a network this machine may not reach).
    CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
    ...(options.hostUrl ? { SWITCHBOARD_URL: options.hostUrl } : {}),
    ...options.env,
  };
  const assignments = Object.entries(env)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(' ');
  const claude = `${quote(CLAUDE_BIN)} ${(options.args ?? ['--permission-mode', 'default']).map(quote).join(' ')}`;
  const wait = options.waitForToken
    ? `while [ ! -s ${quote(tokenFile)} ]; do sleep 0.1; done; SWITCHBOARD_TOKEN=$(cat ${quote(tokenFile)}); export SWITCHBOARD_TOKEN; `
    : '';
  const command = `cd ${quote(cwd)} && ${wait}exec env ${assignments} ${claude}`;
  // offEndpoint: `sh -c` swallows the wiring arguments Switchboard appends (--mcp-config, --settings), so
  // this Claude Code is not on the MCP endpoint (and gets messages typed in full, as an unwired agent would).
  return { home, cwd, tokenFile, command: options.offEndpoint ? `sh -c ${quote(command)}` : command };
}

/** Hands the agent its token through a 0600 file, never on the command line or the screen. */
export function deliverToken(sandbox: ClaudeSandbox, token: string): void {
  writeFileSync(sandbox.tokenFile, token, { mode: 0o600 });
  chmodSync(sandbox.tokenFile, 0o600);
}

/**
 * Spawns `claude-1` (a builder) running the real Claude Code in a fresh sandbox on `host`; with `withHooks`, the
 * command waits for its token (the launcher's way) and gets it, so its hooks report to the host.
 */
export async function spawnSandboxedClaude(
  host: Host,
  options: { modelUrl: string; withHooks: boolean },
): Promise<{ agent: Agent; paneId: string; sandbox: ClaudeSandbox }> {
  const sandbox = claudeSandbox({
    modelUrl: options.modelUrl,
    hostUrl: host.url,
    waitForToken: options.withHooks,
  });
  const { agent, token } = await host.orchestrator.fleet.spawn({
    name: 'claude-1',
    kind: 'claude',
    command: sandbox.command,
    cwd: sandbox.cwd,
    role: 'builder',
  });
  if (options.withHooks) deliverToken(sandbox, token);
  return { agent, paneId: agent.paneId!, sandbox };
}

/** Types `text` into Claude Code's input box, then Enter on its own 400 ms later: a prompt submitted as a person would. */
export async function submitToClaude(backend: TerminalBackend, paneId: string, text: string): Promise<void> {
  await backend.sendText(paneId, text);
  await new Promise((resolve) => setTimeout(resolve, 400));
  await backend.sendText(paneId, '\r');
}
