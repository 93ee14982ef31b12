import { callHostTool } from '@switchboard/mcp-server/clients';
import { resolve } from 'node:path';
import { CODEX_STARTUP_TIMEOUT_SEC, MCP_PATH } from '@switchboard/protocol';
import { cliEntry } from '../paths';
import type { McpClientKind } from './mcp-clients';
import { runningHost } from './running-host';
import { TOKEN_FILE_ENV, writeTokenFile } from './token-file';

export { MCP_CLIENTS, type McpClientKind } from './mcp-clients';

export interface McpConfigOptions {
  dataDir: string;
  agent: string;
  client: McpClientKind;
  /** The name the server gets in the client's config. */
  name: string;
}

export interface McpConfigFacts {
  name: string;
  /** The 0600 file holding the agent's token: configurations name it, never the token (argv, history, scrollback). */
  tokenFile: string;
  nodePath: string;
  cliPath: string;
  dataDir: string;
}

/**
 * `switchboard mcp-config --agent NAME`: prints a ready-to-paste MCP configuration for an agent started
 * outside Switchboard (agents Switchboard starts are wired automatically). Agent tokens are stored
 * hashed, so the host issues a fresh one (with the human's token from host.json) and revokes the one
 * the previous `mcp-config` printed; `agent.revokeTokens` ends them all. The token goes to a 0600 file in the data
 * folder (token-file.ts) and every configuration runs the stdio relay with that file's path: the token is in no
 * program's argv (`ps`), no shell history, no client config file and not on the screen.
 */
export async function runMcpConfig(
  options: McpConfigOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const host = runningHost(options.dataDir);
  const url = `${host.url}${MCP_PATH}`;
  // The configuration replaces the one printed before: that token stops working (the launcher's does not).
  const issued = await callHostTool(url, host.token, 'agent_issueToken', {
    agent: options.agent,
    replace: true,
  });
  const dataDir = resolve(options.dataDir);
  const facts: McpConfigFacts = {
    name: options.name,
    tokenFile: writeTokenFile(dataDir, String(issued['agentId']), String(issued['token'])),
    nodePath: process.execPath,
    cliPath: cliEntry,
    dataDir,
  };
  out.write(renderMcpConfig(options.client, facts) + '\n');
}

/**
 * The configuration text for one client: each runs the stdio relay, an absolute `node …/switchboard.js mcp` (never
 * `npx`), with the token file's path and the data folder in its environment.
 */
export function renderMcpConfig(client: McpClientKind, facts: McpConfigFacts): string {
  const env = { [TOKEN_FILE_ENV]: facts.tokenFile, SWITCHBOARD_DATA_DIR: facts.dataDir };
  switch (client) {
    case 'claude':
      // Idempotent: running it again replaces the entry instead of failing with "already exists". The name goes
      // before -e (a list option that would take it as one more variable).
      return (
        `claude mcp remove --scope local ${shellWord(facts.name)} >/dev/null 2>&1; ` +
        `claude mcp add --scope local ${shellWord(facts.name)} ` +
        Object.entries(env)
          .map(([key, value]) => `-e ${shellWord(`${key}=${value}`)} `)
          .join('') +
        `-- ${shellWord(facts.nodePath)} ${shellWord(facts.cliPath)} mcp`
      );
    case 'codex':
      return [
        `[mcp_servers.${tomlKey(facts.name)}]`,
        `command = ${JSON.stringify(facts.nodePath)}`,
        `args = [${JSON.stringify(facts.cliPath)}, "mcp"]`,
        `env = { ${Object.entries(env)
          .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
          .join(', ')} }`,
        // Codex's default is 10 s, then it goes on without the server's tools; Node starting the relay on a
        // loaded machine can take longer (the same bound as for the agents Switchboard spawns).
        `startup_timeout_sec = ${CODEX_STARTUP_TIMEOUT_SEC}`,
      ].join('\n');
    case 'gemini':
    case 'json':
      // Gemini CLI's settings.json takes the same stdio entry as the generic mcpServers form.
      return JSON.stringify(
        { mcpServers: { [facts.name]: { command: facts.nodePath, args: [facts.cliPath, 'mcp'], env } } },
        null,
        2,
      );
  }
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
