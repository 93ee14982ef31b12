import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PORT } from '@switchboard/host';

/**
 * The user's data folder, the same one the headless CLI uses (so `switchboard mcp`, `hook`, … find the
 * desktop app's host.json): SWITCHBOARD_DATA_DIR, else the platform's application-data folder.
 */
export function desktopDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env['SWITCHBOARD_DATA_DIR']) return resolve(env['SWITCHBOARD_DATA_DIR']);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchboard');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'switchboard');
}

/** The global shortcut that brings up the approval queue. */
export const APPROVALS_SHORTCUT = 'CommandOrControl+Alt+Shift+A';

/** The host's port: SWITCHBOARD_PORT when it is a valid port, else the fixed default (so agents keep their URL across restarts). */
export function desktopPort(env: NodeJS.ProcessEnv = process.env, fallback = DEFAULT_PORT): number {
  const port = Number(env['SWITCHBOARD_PORT']);
  return env['SWITCHBOARD_PORT'] && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : fallback;
}
