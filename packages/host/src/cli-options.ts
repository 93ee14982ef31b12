// What the CLI's option parsing needs from the host package (names and defaults), importable alone
// (`@switchboard/host/cli-options`): no zod, no other module, so `switchboard --help` and every command's option
// table load none of what the commands themselves need.
export { BACKEND_KINDS, type BackendKind } from './backend-kinds';

/**
 * The port a host listens on unless told otherwise: fixed, so agents' SWITCHBOARD_URL, MCP configs
 * and tokens stay valid across host restarts. `--port`/SWITCHBOARD_PORT change it; 0 picks a free one.
 */
export const DEFAULT_PORT = 7433;
