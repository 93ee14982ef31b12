import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What an agent runs with that must never reach SQLite, an event or a screen: the environment given at
 * spawn (`agent.spawn` `env`) and, when its command line holds a secret, the real command line (SQLite
 * and everything shown keep the redacted one).
 */
export interface AgentPrivateSettings {
  env: Record<string, string>;
  command: string | null;
}

/**
 * `<dataDir>/agents/<agentId>.private.json`, mode 0600 in a 0700 folder, kept for the agent's life (its
 * restarts need it again, unlike the launcher file, which the launcher deletes once read) and removed
 * with the agent.
 */
export class AgentPrivateFiles {
  constructor(private readonly dataDir: string) {}

  private pathFor(agentId: string): string {
    return join(this.dataDir, 'agents', `${agentId}.private.json`);
  }

  /** Keeps the settings if there is anything private in them; otherwise removes any older file. */
  save(agentId: string, settings: AgentPrivateSettings, storedCommand: string | null): void {
    const path = this.pathFor(agentId);
    rmSync(path, { force: true });
    if (Object.keys(settings.env).length === 0 && settings.command === storedCommand) return;
    const folder = join(this.dataDir, 'agents');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
    writeFileSync(path, JSON.stringify({ version: 1, ...settings }) + '\n', { mode: 0o600, flag: 'wx' });
  }

  /** An agent stored before its command line was redacted: the real line moves here (its environment kept). */
  keepRealCommand(agentId: string, command: string, storedCommand: string): void {
    this.save(agentId, { env: this.load(agentId)?.env ?? {}, command }, storedCommand);
  }

  load(agentId: string): AgentPrivateSettings | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.pathFor(agentId), 'utf8')) as Partial<AgentPrivateSettings>;
      return { env: parsed.env ?? {}, command: parsed.command ?? null };
    } catch {
      return undefined;
    }
  }

  remove(agentId: string): void {
    rmSync(this.pathFor(agentId), { force: true });
  }
}

/**
 * The line to launch: a line built from the stored (redacted) command — the command itself, or a
 * resume line around it — gets the real command back in its place.
 */
export function realCommandLine(
  line: string | null,
  storedCommand: string | null,
  settings: AgentPrivateSettings | undefined,
): string | null {
  if (line === null || storedCommand === null || !settings?.command || settings.command === storedCommand)
    return line;
  return line.includes(storedCommand) ? line.replace(storedCommand, () => settings.command!) : line;
}
