/**
 * The embedded iTerm2-API server: iTerm2's scripting protocol (WebSocket + protobuf, same
 * handshake, messages and errors) over a unix socket and/or loopback TCP, with real shells in
 * node-pty and screens in @xterm/headless. See docs/iterm2-sim.md.
 */
export { MAX_CLIENT_MESSAGE_BYTES, startSimServer } from './server';
export { decodeClientMessage, encodeClientMessage } from './dispatcher';
export type { SimServer, SimServerOptions } from './server';
export type { ShellConfig } from './session';
export { PROTOCOL_VERSION, SUBPROTOCOL } from './handshake';
export { UnknownKeyError } from './keyboard';
export type { KeyPress } from './keyboard';
export type { CallResult, ScriptingHooks, StatusBarItem } from './scripting-hooks';
export type { Dialog } from './script-ui';
