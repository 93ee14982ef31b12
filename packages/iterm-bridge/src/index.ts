export { ITerm2Backend } from './backend';
export { colorDict } from './color-dict';
export type { ITerm2BackendOptions } from './backend';
export {
  ITerm2Api,
  ITerm2Client,
  ITerm2DisconnectedError,
  ITerm2Error,
  ITerm2HandshakeError,
  ITerm2InvokeError,
  ITerm2ProtocolError,
  ITerm2RpcError,
  ITerm2StatusError,
  ITerm2TimeoutError,
  defaultAuth,
  defaultITerm2SocketPath,
  staticAuth,
  DEFAULT_COALESCE_MS,
} from './client/index';
export type {
  ITerm2AuthProvider,
  ITerm2ClientOptions,
  ITerm2Credentials,
  ITerm2Endpoint,
  ProtocolVersion,
} from './client/index';
