import { callHostTool } from '@switchboard/mcp-server/clients';
import { CODEX_STARTUP_TIMEOUT_SEC, MCP_PATH } from '@switchboard/protocol';
import { cliEntry } from '../paths';
import type { McpClientKind } from './mcp-clients';
import { runningHost } from './running-host';

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
  url: string;
  token: string;
  nodePath: string;
  cliPath: string;
  dataDir: string;
}

/**
 * `switchboard mcp-config --agent NAME`: prints a ready-to-paste MCP configuration for an agent started
 * outside Switchboard (agents Switchboard starts are wired automatically). Agent tokens are stored
 * hashed, so the host issues a fresh one (with the human's token from host.json) and revokes the one
 * the previous `mcp-config` printed; `agent.revokeTokens` ends them all.
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
  const facts: McpConfigFacts = {
    name: options.name,
    url,
    token: String(issued['token']),
    nodePath: process.execPath,
    cliPath: cliEntry,
    dataDir: options.dataDir,
  };
  out.write(renderMcpConfig(options.client, facts) + '\n');
}

/** The configuration text for one client. Commands are absolute `node …/switchboard.js` paths, never `npx`. */
export function renderMcpConfig(client: McpClientKind, facts: McpConfigFacts): string {
  const bearer = `Bearer ${facts.token}`;
  switch (client) {
    case 'claude':
      // Idempotent: running it again replaces the entry (and its revoked token) instead of failing with "already exists".
      return (
        `claude mcp remove --scope local ${shellWord(facts.name)} >/dev/null 2>&1; ` +
        `claude mcp add --scope local --transport http ${shellWord(facts.name)} ${shellWord(facts.url)} --header ${shellWord(`Authorization: ${bearer}`)}`
      );
    case 'codex':
      return [
        `[mcp_servers.${tomlKey(facts.name)}]`,
        `command = ${JSON.stringify(facts.nodePath)}`,
        `args = [${JSON.stringify(facts.cliPath)}, "mcp"]`,
        `env = { SWITCHBOARD_TOKEN = ${JSON.stringify(facts.token)}, SWITCHBOARD_DATA_DIR = ${JSON.stringify(facts.dataDir)} }`,
        // Codex's default is 10 s, then it goes on without the server's tools; Node starting the relay on a
        // loaded machine can take longer (the same bound as for the agents Switchboard spawns).
        `startup_timeout_sec = ${CODEX_STARTUP_TIMEOUT_SEC}`,
      ].join('\n');
    case 'gemini':
      return JSON.stringify(
        { mcpServers: { [facts.name]: { httpUrl: facts.url, headers: { Authorization: bearer } } } },
        null,
        2,
      );
    case 'json':
      return JSON.stringify(
        {
          mcpServers: {
            [facts.name]: {
              command: facts.nodePath,
              args: [facts.cliPath, 'mcp'],
              env: { SWITCHBOARD_TOKEN: facts.token, SWITCHBOARD_DATA_DIR: facts.dataDir },
            },
          },
        },
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
