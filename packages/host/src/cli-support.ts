// What the short-lived CLI commands (logs, mcp, mcp-config, hook) need from the host package, without
// loading the host itself (backends, core, the embedded server): each `switchboard …` start stays cheap.
export { BACKEND_KINDS } from './backend-kinds';
export type { BackendKind } from './backend-kinds';
export { HostFile, hostFilePath, isProcessRunning, readHostFile } from './host-file';
export { followLog, formatLogLine, logFiles, matchesLogFilter, readLogLines } from './logging/log-reader';
export type { LogFilter, LogLine } from './logging/log-reader';
export { DEFAULT_PORT, defaultDataDir } from './cli-options';
