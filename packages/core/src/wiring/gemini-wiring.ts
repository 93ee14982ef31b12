import { readFileSync } from 'node:fs';
import { MCP_SERVER_NAME, mcpUrlReference, shellQuote, type WiringFiles } from './wiring-files';

/** Where Gemini CLI looks for system settings when GEMINI_CLI_SYSTEM_SETTINGS_PATH is unset. */
export function defaultGeminiSystemSettingsPath(platform = process.platform): string {
  if (platform === 'darwin') return '/Library/Application Support/GeminiCli/settings.json';
  if (platform === 'win32') return 'C:\\ProgramData\\gemini-cli\\settings.json';
  return '/etc/gemini-cli/settings.json';
}

/**
 * Gemini CLI's settings for one agent, loaded through GEMINI_CLI_SYSTEM_SETTINGS_PATH (the one
 * settings file Gemini CLI lets the environment relocate; user and project settings stay the user's).
 * The machine's own system settings are kept, with Switchboard's server added; Gemini CLI expands
 * `${VAR}` from its environment, so the file holds no secret.
 */
export function geminiSettings(systemSettingsPath: string): object {
  let system: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(systemSettingsPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) system = parsed as Record<string, unknown>;
  } catch {
    // None (the usual case), or unreadable: Gemini CLI would not have used it either.
  }
  const servers = system['mcpServers'] && typeof system['mcpServers'] === 'object' ? (system['mcpServers'] as Record<string, unknown>) : {};
  return {
    ...system,
    mcpServers: {
      ...servers,
      [MCP_SERVER_NAME]: { httpUrl: mcpUrlReference('${SWITCHBOARD_URL}'), headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' }, trust: false },
    },
  };
}

/** The shell prefix that points Gemini CLI at the agent's settings file. */
export function geminiEnvironmentPrefix(files: WiringFiles, systemSettingsPath = process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] || defaultGeminiSystemSettingsPath()): string {
  return `export GEMINI_CLI_SYSTEM_SETTINGS_PATH=${shellQuote(files.write('gemini-settings.json', geminiSettings(systemSettingsPath)))}; `;
}
