import type { Caller } from '../identity';
import type { Api, Transport } from '../transport';
import { createClient, type Client } from './typed-client';

/**
 * The typed client for code in the host's own process (desktop main, MCP resources): every call goes
 * to `api` as `caller`, with the contract's input checked before and output checked after, exactly as
 * over a wire.
 */
export function bindApi(api: Pick<Api, 'invoke'> & Partial<Pick<Api, 'subscribe'>>, caller: Caller): Client {
  const transport: Transport = {
    invoke: (name, input) => api.invoke(caller, name, input),
    // An invoke-only Api (a per-connection proxy) has no events to give.
    subscribe: (listener) => api.subscribe?.(listener, caller) ?? (() => undefined),
  };
  return createClient(transport);
}
