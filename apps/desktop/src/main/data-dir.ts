import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The user's data folder, the same one the headless CLI uses (so `switchboard mcp`, `hook`, … find the
 * desktop app's host.json): SWITCHBOARD_DATA_DIR, else the platform's application-data folder.
 */
export function desktopDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env['SWITCHBOARD_DATA_DIR']) return resolve(env['SWITCHBOARD_DATA_DIR']);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchboard');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'switchboard');
}

/** The global shortcut that brings up the approval queue. */
export const APPROVALS_SHORTCUT = 'CommandOrControl+Alt+Shift+A';
