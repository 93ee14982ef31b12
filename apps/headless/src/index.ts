export { buildProgram, main } from './cli';
export { cliEntry, repositoryRoot, uiDistDir } from './paths';
export { renderMcpConfig, runMcpConfig, MCP_CLIENTS } from './commands/mcp-config';
export type { McpClientKind, McpConfigFacts, McpConfigOptions } from './commands/mcp-config';
export { runMcp } from './commands/mcp';
