import { MCP_SERVER_NAME, mcpUrlReference } from './wiring-files';

/**
 * Codex's arguments for one agent: `-c` overrides (Codex parses each value as TOML) that add a
 * Streamable HTTP server whose bearer token Codex reads from SWITCHBOARD_TOKEN. The URL is expanded
 * by the launcher's shell from SWITCHBOARD_URL, so nothing is written anywhere and no token is on a
 * command line.
 */
export function codexArguments(): string[] {
  const key = `mcp_servers.${MCP_SERVER_NAME}`;
  return [
    '-c', `"${key}.url=\\"${mcpUrlReference('$SWITCHBOARD_URL')}\\""`,
    '-c', `'${key}.bearer_token_env_var="SWITCHBOARD_TOKEN"'`,
  ];
}
