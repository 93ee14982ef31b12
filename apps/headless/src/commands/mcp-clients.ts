// The MCP clients `switchboard mcp-config` writes a configuration for: a module of its own so the CLI's option
// parsing can name them without loading mcp-config (its host client, the MCP SDK and the whole contract).
export const MCP_CLIENTS = ['claude', 'codex', 'gemini', 'json'] as const;
export type McpClientKind = (typeof MCP_CLIENTS)[number];
