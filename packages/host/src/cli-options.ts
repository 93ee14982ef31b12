// What the CLI's option parsing needs from the host package (names and defaults), importable alone
// (`@switchboard/host/cli-options`): no zod, no other module, so `switchboard --help` and every command's option
// table load none of what the commands themselves need.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export { BACKEND_KINDS, type BackendKind } from './backend-kinds';

/**
 * The user's data folder unless told otherwise (`--data-dir`): SWITCHBOARD_DATA_DIR, else the platform's
 * application-data folder. The one answer for both apps, so the CLI's `mcp`, `hook`, `logs`, … find the host.json
 * of a host the desktop app started, and the other way round.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env['SWITCHBOARD_DATA_DIR']) return resolve(env['SWITCHBOARD_DATA_DIR']);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchboard');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'switchboard');
}

/**
 * The port a host listens on unless told otherwise: fixed, so agents' SWITCHBOARD_URL, MCP configs
 * and tokens stay valid across host restarts. `--port`/SWITCHBOARD_PORT change it; 0 picks a free one.
 */
export const DEFAULT_PORT = 7433;
