import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { MCP_PATH } from '@switchboard/protocol';

export { shellQuote } from '../fleet/agent-secrets';

/** The name Switchboard's MCP server has in every CLI's configuration (tools appear as `mcp__switchboard__…` in Claude Code). */
export const MCP_SERVER_NAME = 'switchboard';

/** The MCP endpoint under a host URL (or a reference to one, such as `${SWITCHBOARD_URL}`). */
export const mcpUrlReference = (hostUrl: string) => `${hostUrl}${MCP_PATH}`;

/** Where an agent's wiring files go; `write` returns the path the CLI is given. */
export interface WiringFileWriter {
  write(name: string, content: object): string;
}

/**
 * One agent's wiring files for a remote machine (docs/remote.md): collected as path there → text, for the
 * launch to carry over the host's connection with the launcher file.
 */
export class CollectedWiringFiles implements WiringFileWriter {
  readonly files = new Map<string, string>();

  /**
   * `folder`: the agent's folder on that machine, an absolute POSIX path; `geminiSystemSettings`: that
   * machine's own Gemini CLI system settings (read there first), merged into a Gemini agent's settings.
   */
  constructor(
    readonly folder: string,
    readonly geminiSystemSettings: string | null = null,
  ) {}

  write(name: string, content: object): string {
    return this.writeText(name, JSON.stringify(content, null, 2) + '\n');
  }

  /** A file of text as it is (a script); returns its path there. */
  writeText(name: string, content: string): string {
    const path = posix.join(this.folder, name);
    this.files.set(path, content);
    return path;
  }
}

/**
 * One agent's wiring folder, `<dataDir>/agents/<agentId>/` (0700, files 0600): the per-agent CLI
 * configuration. It holds no secret (tokens reach the CLI through the launcher's environment), lives
 * outside the working tree, and goes with the agent.
 */
export class WiringFiles implements WiringFileWriter {
  readonly folder: string;

  constructor(dataDir: string, agentId: string) {
    this.folder = join(dataDir, 'agents', agentId);
  }

  /** Writes JSON (atomically) and returns the file's absolute path. */
  write(name: string, content: object): string {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    chmodSync(this.folder, 0o700);
    const path = join(this.folder, name);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
    renameSync(temporary, path);
    return path;
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}
