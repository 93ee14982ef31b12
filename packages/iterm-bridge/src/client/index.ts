/** A TypeScript client of iTerm2's scripting API (WebSocket + protobuf). See docs/iterm2-client.md. */
export { ITerm2Client } from './client';
export type {
  CallOptions,
  ITerm2ClientOptions,
  ReconnectOptions,
  Subscription,
  SubscriptionSpec,
} from './client';
export { ITerm2Api } from './operations';
export { customProperties } from './operation-args';
export type { FunctionContext, LineSelection, NewSessionOptions, VariableTarget } from './operation-args';
export { defaultAuth, staticAuth, cookieRequestScript } from './auth';
export type { AppleScriptRunner, DefaultAuthOptions, ITerm2AuthProvider, ITerm2Credentials } from './auth';
export {
  ITerm2DisconnectedError,
  ITerm2Error,
  ITerm2HandshakeError,
  ITerm2InvokeError,
  ITerm2ProtocolError,
  ITerm2RpcError,
  ITerm2StatusError,
  ITerm2TimeoutError,
  codeForStatus,
} from './errors';
export { handshakeHeaders, LIBRARY_VERSION, SUBPROTOCOL } from './handshake';
export type { ITerm2Endpoint } from './handshake';
export { applyLayoutInvocation, invocation } from './invocation';
export type { ApplyLayoutNode, ApplyLayoutSpec } from './invocation';
export { decodeServerFrame, encodeRequest } from './messages';
export type { RequestCase, RequestInit, ResponseOf } from './messages';
export { atLeast, FEATURE_VERSIONS, formatVersion, parseProtocolVersion } from './protocol-version';
export type { Feature, ProtocolVersion } from './protocol-version';
export { DEFAULT_COALESCE_MS } from './read-coalescing';
export { defaultITerm2SocketPath } from './socket-path';
