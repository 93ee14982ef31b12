import { BACKEND_KINDS, DEFAULT_PORT, envChoice, envWholeNumber, type BackendKind } from '@switchboard/host';

/** The global shortcut that brings up the approval queue. */
export const APPROVALS_SHORTCUT = 'CommandOrControl+Alt+Shift+A';

/**
 * The host's port: SWITCHBOARD_PORT (0 picks a free one), else the fixed default (so agents keep their URL across
 * restarts). A value that is no port is refused by name, as the CLI refuses it (the window shows the host's problem):
 * it used to start on the default port without a word.
 */
export function desktopPort(env: NodeJS.ProcessEnv = process.env): number {
  return envWholeNumber(env, 'SWITCHBOARD_PORT', { min: 0, max: 65_535 }) ?? DEFAULT_PORT;
}

/** The terminal backend: SWITCHBOARD_BACKEND (any case), else `auto`; a typo is refused by name, not taken as `auto`. */
export function desktopBackend(env: NodeJS.ProcessEnv = process.env): BackendKind {
  return envChoice(env, 'SWITCHBOARD_BACKEND', BACKEND_KINDS) ?? 'auto';
}
