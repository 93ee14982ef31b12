import type { Socket } from 'node:net';
import { Writable } from 'node:stream';

/**
 * What a socket connection's lines go to when the SDK's server side could not be loaded: every request (a line
 * with an `id` and a `method`) is answered at once on the socket with a JSON-RPC error saying so, as the stdio
 * bridge answers when the host is unreachable; notifications and lines that do not parse get nothing. Without it
 * the client's `initialize` would wait for an answer that never comes.
 */
export function sdkUnavailableAnswers(socket: Socket, cause: unknown): Writable {
  const message = sdkUnavailableMessage(cause);
  return new Writable({
    write(line: Buffer, _encoding, done) {
      const id = requestId(line);
      if (id !== undefined && !socket.destroyed) {
        const error = { code: -32603, message, data: { code: 'unavailable' } };
        socket.write(JSON.stringify({ jsonrpc: '2.0', id, error }) + '\n');
      }
      done();
    },
  });
}

/** What a client is told when the SDK's server side could not be loaded (HTTP and the socket alike). */
export function sdkUnavailableMessage(cause: unknown): string {
  const why = cause instanceof Error ? cause.message : String(cause);
  return `The Switchboard host could not load its MCP server (${why}); restart it, and see its log.`;
}

/** What the host logs, once per endpoint, when that load failed. */
const SDK_LOAD_FAILED =
  'the MCP endpoint could not load the MCP SDK server; its requests are answered with an error';

/** Reports a failed SDK load the first time only (every later request or connection fails the same way). */
export function sdkLoadFailureReporter(
  onError: ((message: string, error: unknown) => void) | undefined,
  endpoint: string,
): (error: unknown) => void {
  let reported = false;
  return (error) => {
    if (reported) return;
    reported = true;
    onError?.(`${SDK_LOAD_FAILED} (${endpoint})`, error);
  };
}

function requestId(line: Buffer): string | number | undefined {
  try {
    const message = JSON.parse(line.toString('utf8')) as { id?: unknown; method?: unknown } | null;
    if (typeof message?.method !== 'string') return undefined;
    return typeof message.id === 'string' || typeof message.id === 'number' ? message.id : undefined;
  } catch {
    return undefined;
  }
}
