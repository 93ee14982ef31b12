import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logAt, silentLogger, type Logger } from '../ports/logger';
import { readFileHead, type FileHead } from '../store/file-head';

/**
 * The largest private settings file read: what `save` can write for the largest spawn the contract takes (64
 * variables of 32,768 characters, each written at most 6 bytes a character as JSON) with room for the command line.
 * The file is the host's (0600), but the agent runs as the same user and could replace it.
 */
export const MAX_PRIVATE_FILE_BYTES = 16 * 1024 * 1024;

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
  constructor(
    private readonly dataDir: string,
    private readonly logger: Logger = silentLogger,
  ) {}

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

  /**
   * The agent's private settings; undefined when it has none, or when its file cannot be read, is too large or is
   * not settings: then the agent launches without them, and the log says why (never what the file holds).
   */
  load(agentId: string): AgentPrivateSettings | undefined {
    let head: FileHead;
    try {
      head = readFileHead(this.pathFor(agentId), MAX_PRIVATE_FILE_BYTES);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.unreadable(agentId, code ?? 'unreadable');
      return undefined;
    }
    if (!head.whole) return this.unreadable(agentId, `larger than ${MAX_PRIVATE_FILE_BYTES} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(head.text);
    } catch {
      // Not the parser's message: it quotes the file's text.
      return this.unreadable(agentId, 'not JSON');
    }
    const settings = settingsOf(parsed);
    return settings ?? this.unreadable(agentId, 'not the settings Switchboard writes');
  }

  private unreadable(agentId: string, reason: string): undefined {
    logAt.warn(this.logger, "an agent's private settings file could not be read: it launches without them", {
      component: 'fleet',
      agent: agentId,
      reason,
    });
    return undefined;
  }

  remove(agentId: string): void {
    rmSync(this.pathFor(agentId), { force: true });
  }
}

/** The settings in a parsed file: an object, `env` (if any) of strings, `command` (if any) a string or null. */
function settingsOf(parsed: unknown): AgentPrivateSettings | undefined {
  if (!isObject(parsed)) return undefined;
  const { env = {}, command = null } = parsed;
  if (!isObject(env) || !Object.values(env).every((value) => typeof value === 'string')) return undefined;
  if (command !== null && typeof command !== 'string') return undefined;
  return { env: env as Record<string, string>, command };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
