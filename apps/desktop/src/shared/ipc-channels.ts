/**
 * The IPC channel names, shared by main and preload (the renderer never sees them). Payloads are the
 * contract's wire messages: a `ClientMessage` goes in, a `ServerMessage` (result or event) comes out.
 */
export const IPC_CHANNELS = {
  /** invoke: ClientMessage `call` → ServerMessage `result`. */
  invoke: 'switchboard:invoke',
  /** send: start forwarding events to this window. */
  subscribe: 'switchboard:subscribe',
  /** send: stop forwarding events to this window. */
  unsubscribe: 'switchboard:unsubscribe',
  /** main → renderer: ServerMessage `event`. */
  event: 'switchboard:event',
} as const;
