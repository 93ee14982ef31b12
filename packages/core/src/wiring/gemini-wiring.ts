import { readFileSync } from 'node:fs';
import type { RemoteMachine } from '../ports/terminal-backend';
import { geminiSessionResumable } from './gemini-sessions';
import { MCP_SERVER_NAME, mcpUrlReference, type WiringFileWriter } from './wiring-files';

/** Where Gemini CLI looks for system settings when GEMINI_CLI_SYSTEM_SETTINGS_PATH is unset. */
export function defaultGeminiSystemSettingsPath(platform = process.platform): string {
  if (platform === 'darwin') return '/Library/Application Support/GeminiCli/settings.json';
  if (platform === 'win32') return 'C:\\ProgramData\\gemini-cli\\settings.json';
  return '/etc/gemini-cli/settings.json';
}

/** This machine's Gemini CLI system settings (the file's text), or null when it has none or cannot read it. */
function localSystemSettings(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // None (the usual case), or unreadable: Gemini CLI would not have used it either.
  }
}

/**
 * A remote machine's own Gemini CLI system settings (the Linux path, then the macOS one), read there over the
 * host's connection, or null when it has none: an agent there gets those merged, never this machine's.
 */
export async function remoteGeminiSystemSettings(machine: RemoteMachine): Promise<string | null> {
  for (const platform of ['linux', 'darwin'] as const) {
    const read = await machine.run(['cat', defaultGeminiSystemSettingsPath(platform)], { cwd: '/' });
    if (read.ok) return read.stdout;
  }
  return null;
}

/**
 * Gemini CLI's settings for one agent, loaded through GEMINI_CLI_SYSTEM_SETTINGS_PATH (the one
 * settings file Gemini CLI lets the environment relocate; user and project settings stay the user's).
 * The machine's own system settings (`systemText`, the file's text) are kept, with Switchboard's server
 * added; Gemini CLI expands `${VAR}` from its environment, so the file holds no secret.
 */
export function geminiSettings(systemText: string | null): object {
  let system: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(systemText ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      system = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: Gemini CLI would not have used it either.
  }
  const servers =
    system['mcpServers'] && typeof system['mcpServers'] === 'object'
      ? (system['mcpServers'] as Record<string, unknown>)
      : {};
  return {
    ...system,
    mcpServers: {
      ...servers,
      [MCP_SERVER_NAME]: {
        httpUrl: mcpUrlReference('${SWITCHBOARD_URL}'),
        headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' },
        trust: false,
      },
    },
  };
}

/**
 * The environment that points Gemini CLI at the agent's settings file (set by the launcher, so the CLI line
 * stays one command). `systemText`: the system settings of the machine it runs on; this machine's when absent.
 */
export function geminiEnvironment(
  files: WiringFileWriter,
  systemText: string | null = localSystemSettings(
    process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] || defaultGeminiSystemSettingsPath(),
  ),
): Record<string, string> {
  return {
    GEMINI_CLI_SYSTEM_SETTINGS_PATH: files.write('gemini-settings.json', geminiSettings(systemText)),
  };
}

/** Gemini CLI 0.61's subcommands: they take no session (`gemini mcp list --session-id x` is refused). */
const GEMINI_SUBCOMMANDS = new Set([
  'mcp',
  'extensions',
  'extension',
  'skills',
  'skill',
  'hooks',
  'hook',
  'gemma',
]);

/** Whether a command line starts a Gemini CLI conversation: not when the `gemini` program's next word is a subcommand. */
export function geminiStartsConversation(line: string): boolean {
  const words = line.split(/\s+/).map((word) => word.replace(/^['"]|['"]$/g, ''));
  const at = words.findIndex((word) => /(^|\/)gemini$/.test(word));
  return at < 0 || !GEMINI_SUBCOMMANDS.has(words[at + 1] ?? '');
}

/**
 * Gemini CLI's session for one launch: `--resume <id>` when resuming and the id Switchboard chose for this
 * agent names a conversation Gemini CLI can resume; otherwise a fresh id chosen here (`--session-id`),
 * which the caller records so the next restart resumes exactly this agent's conversation.
 */
export function geminiSession(
  recorded: string | undefined,
  resume: boolean,
  home: string,
  fresh: () => string,
): { args: string[]; session: string; resumed: boolean } {
  if (resume && recorded !== undefined && geminiSessionResumable(home, recorded))
    return { args: ['--resume', recorded], session: recorded, resumed: true };
  const session = fresh();
  return { args: ['--session-id', session], session, resumed: false };
}
