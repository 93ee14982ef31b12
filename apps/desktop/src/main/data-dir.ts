import { DEFAULT_PORT } from '@switchboard/host';

/** The global shortcut that brings up the approval queue. */
export const APPROVALS_SHORTCUT = 'CommandOrControl+Alt+Shift+A';

/** The host's port: SWITCHBOARD_PORT when it is a valid port, else the fixed default (so agents keep their URL across restarts). */
export function desktopPort(env: NodeJS.ProcessEnv = process.env, fallback = DEFAULT_PORT): number {
  const port = Number(env['SWITCHBOARD_PORT']);
  return env['SWITCHBOARD_PORT'] && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : fallback;
}
