import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the launcher every agent pane runs (plain JS, no build step). Lazy: some test environments load core under a non-file URL. */
export function launcherPath(): string {
  const url = new URL('../../launcher/launch-agent.js', import.meta.url);
  return url.protocol === 'file:' ? fileURLToPath(url) : decodeURIComponent(url.pathname);
}

/** What the launcher reads: the agent's identity, the host URL, its token and what to run. */
export interface AgentSecrets {
  agentId: string;
  url: string;
  token: string;
  command: string | null;
  cwd: string | null;
  /** Extra environment for the agent's CLI (`agent.spawn` `env`); SWITCHBOARD_* always win. */
  env?: Record<string, string>;
}

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Agent secrets files: `<dataDir>/agents/<agentId>.json`, mode 0600 in a 0700 folder. The launcher
 * deletes its file once read; core deletes any left over when the agent closes or restarts.
 */
export class AgentSecretsFiles {
  constructor(private readonly dataDir: string, private readonly nodePath = process.execPath) {}

  private get folder(): string {
    return join(this.dataDir, 'agents');
  }

  pathFor(agentId: string): string {
    return join(this.folder, `${agentId}.json`);
  }

  /** Writes the secrets (replacing any older file) and returns the pane's command line, which holds no secret. */
  write(secrets: AgentSecrets): string {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    chmodSync(this.folder, 0o700);
    const path = this.pathFor(secrets.agentId);
    rmSync(path, { force: true });
    writeFileSync(path, JSON.stringify({ version: 1, ...secrets }) + '\n', { mode: 0o600, flag: 'wx' });
    return [this.nodePath, launcherPath(), path].map(shellQuote).join(' ');
  }

  remove(agentId: string): void {
    rmSync(this.pathFor(agentId), { force: true });
  }
}
