export { startHost } from './start-host';
export type { Host, HostConfig } from './start-host';
export { BACKEND_KINDS } from './backend-factory';
export type { BackendKind } from './backend-factory';
export { HostFile, hostFilePath, isProcessRunning, readHostFile } from './host-file';
export { DEFAULT_PORT, PortTakenError, portHolder } from './listen-port';
export { checkHostAndOrigin } from './http/request-guard';
export { MAX_MESSAGE_BYTES } from './api/websocket-api';
export { ScreenSubscriptions } from './api/screen-subscriptions';
