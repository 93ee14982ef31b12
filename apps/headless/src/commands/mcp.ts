import { envChoice } from '@switchboard/host/env-values';
import { relayStdioToSocket } from '@switchboard/mcp-server/socket-relay';
import { runningHost } from './running-host';
import { readTokenFile, TOKEN_FILE_ENV } from './token-file';

export interface McpOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `switchboard mcp`: the stdio entry for MCP clients that only speak stdio. Finds the running host from
 * host.json in the data folder; the caller's identity is the token in SWITCHBOARD_TOKEN or in the
 * 0600 file SWITCHBOARD_TOKEN_FILE names (what mcp-config's configurations use), never a flag (flags show up in
 * `ps` and shell history). stdout carries only MCP; diagnostics go to stderr.
 *
 * A stdio-only MCP client starts one per session (every configuration mcp-config prints; agents Switchboard
 * spawns reach /mcp over HTTP); src/mcp-main.ts is its entry. The socket relay copies bytes and loads neither the
 * MCP SDK nor the contract; the HTTP bridge, the fallback, loads them when it is needed.
 */
export async function runMcp(options: McpOptions): Promise<void> {
  const env = options.env ?? process.env;
  // `http` forces the HTTP relay; anything but `socket`/`http` (any case) is refused, as the host's own settings are.
  const transport = envChoice(env, 'SWITCHBOARD_MCP_TRANSPORT', ['socket', 'http']);
  const tokenFile = env[TOKEN_FILE_ENV]?.trim();
  const token = env['SWITCHBOARD_TOKEN']?.trim() || (tokenFile ? readTokenFile(tokenFile) : undefined);
  if (!token)
    throw new Error(
      `SWITCHBOARD_TOKEN is not set: put the agent's (or your) Switchboard token in the environment of this command, or the path of a 0600 file holding it in ${TOKEN_FILE_ENV}.`,
    );
  const host = runningHost(options.dataDir, { processAlive: true });
  // The host's unix socket when it has one (one connection, no HTTP per message); HTTP otherwise.
  if (host.mcpSocket !== undefined && transport !== 'http') {
    const relayed = await relayStdioToSocket({ path: host.mcpSocket, token }).then(
      () => true,
      () => false,
    );
    if (relayed) return;
  }
  const [{ bridgeStdioToHttp }, { MCP_PATH }] = await Promise.all([
    import('@switchboard/mcp-server/clients'),
    import('@switchboard/protocol'),
  ]);
  await bridgeStdioToHttp({ url: `${host.url}${MCP_PATH}`, token });
}
