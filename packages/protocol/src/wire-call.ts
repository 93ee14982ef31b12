// No zod here: the sandboxed desktop preload bundles this file and nothing else of the contract.
import type { ClientMessage } from './wire';

/** The one place a wire `call` frame is built (WebSocket transport, desktop preload). */
export function callMessage(id: number, name: string, input: unknown): ClientMessage {
  return { type: 'call', id, name, input };
}
