export { startHost } from './start-host';
export type { Host, HostConfig } from './start-host';
// What the short-lived CLI commands also use (importable alone as @switchboard/host/cli-support).
export {
  BACKEND_KINDS,
  DEFAULT_PORT,
  defaultDataDir,
  HostFile,
  followLog,
  formatLogLine,
  hostFilePath,
  isProcessRunning,
  logFiles,
  matchesLogFilter,
  readHostFile,
  readLogLines,
} from './cli-support';
export type { BackendKind, LogFilter, LogLine } from './cli-support';
export { PortTakenError, portHolder } from './listen-port';
export { envChoice, envWholeNumber } from './env-values';
export { checkHostAndOrigin } from './http/request-guard';
export {
  contentTypeFor,
  createStaticFiles,
  UI_CONTENT_SECURITY_POLICY,
  UI_RESPONSE_HEADERS,
} from './http/static-files';
export type { StaticFiles } from './http/static-files';
export { MAX_MESSAGE_BYTES } from './api/websocket-api';
export { ScreenSubscriptions } from './api/screen-subscriptions';
export { createFileLogger, logFolder } from './logging/file-logger';
