import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { fetchWithScopedAbort } from './scoped-abort-fetch';

export interface StdioBridgeOptions {
  /** The host's MCP endpoint, e.g. http://127.0.0.1:PORT/mcp. */
  url: string;
  /** The caller's bearer token (from SWITCHBOARD_TOKEN; never a command-line flag, which `ps` would show). */
  token: string;
  stdin?: Readable;
  stdout?: Writable;
}

/**
 * `switchboard mcp`: relays MCP between a client that only speaks stdio and the host's HTTP endpoint,
 * message by message, so the stdio client gets exactly the host's tools, resources and notifications
 * under the token's identity. Resolves when either side closes.
 */
export async function bridgeStdioToHttp(options: StdioBridgeOptions): Promise<void> {
  const upstream = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: { authorization: `Bearer ${options.token}` } },
    fetch: fetchWithScopedAbort,
  });
  const local = new StdioServerTransport(options.stdin, options.stdout);
  const initializeIds = new Set<string | number>();
  let closing = false;

  const finished = new Promise<void>((resolve) => {
    const closeBoth = () => {
      if (closing) return;
      closing = true;
      // Swallowed on purpose: the bridge is ending: the host may be gone already, and its session times out by itself.
      void Promise.allSettled([
        upstream.terminateSession().catch(() => undefined),
        upstream.close(),
        local.close(),
      ]).then(() => resolve());
    };
    local.onclose = closeBoth;
    upstream.onclose = closeBoth;
  });

  local.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && message.method === 'initialize' && 'id' in message)
      initializeIds.add(message.id);
    upstream.send(message).catch((error: unknown) => {
      if ('id' in message && 'method' in message) {
        void local
          .send({
            jsonrpc: '2.0',
            id: message.id,
            error: {
              code: -32603,
              message: `Switchboard host unreachable at ${options.url}: ${(error as Error).message}`,
              data: {
                code: 'unavailable',
                hint: 'Is `switchboard start` running? Is SWITCHBOARD_TOKEN valid?',
              },
            },
            // Swallowed on purpose: the local client went away: there is no one left to tell that the host is unreachable.
          })
          .catch(() => undefined);
      }
    });
  };
  upstream.onmessage = (message: JSONRPCMessage) => {
    if ('result' in message && initializeIds.delete(message.id)) {
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') upstream.setProtocolVersion(version);
    }
    // Swallowed on purpose: the local client went away: the bridge closes with its stdin.
    void local.send(message).catch(() => undefined);
  };
  upstream.onerror = () => undefined;
  local.onerror = () => undefined;

  await upstream.start();
  await local.start();
  (options.stdin ?? process.stdin).once('end', () => void local.close());
  return finished;
}
