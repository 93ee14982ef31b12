import { defaultDataDir } from '@switchboard/host/cli-options';
import { runMcp } from './commands/mcp';

/**
 * The fast path of `switchboard mcp`, the stdio relay an MCP client that only speaks stdio starts once per
 * session (every configuration mcp-config prints; agents Switchboard spawns reach /mcp over HTTP): this
 * entry loads only the relay (no CLI framework, no other command). bin/switchboard.js takes it for `mcp` alone or with its data folder
 * (bin/fast-path.js); any other arguments (`--help`, an unknown option) go through the whole CLI.
 */
export async function mcpMain(dataDir: string | undefined): Promise<void> {
  try {
    await runMcp({ dataDir: dataDir ?? defaultDataDir() });
  } catch (error) {
    // As the whole CLI's main() reports a command's failure.
    process.stderr.write(`switchboard: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
