/** MCP clients (Codex, Claude Desktop) reject dots in tool names: `agent.spawn` → `agent_spawn`. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export function toolNameFor(command: string): string {
  return command.replaceAll('.', '_');
}
