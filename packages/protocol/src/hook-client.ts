// What `switchboard hook` needs from the contract, importable alone (`@switchboard/protocol/hook-client`). Claude Code
// waits for its hooks, and one runs at every event: from the package's index the hook's bundle built every schema of
// the contract (92 modules) at each start to read one payload; from here, the ten it uses.
export {
  codexNotifyReportOf,
  hookJsonOf,
  hookReportOf,
  MAX_HOOK_INPUT_BYTES,
  type HookReport,
} from './commands/hook-reports';
export { HOOK_PATH } from './wire';
