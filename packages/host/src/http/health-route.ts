import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerTokenOf, PROTOCOL_VERSION } from '@switchboard/protocol';
import type { Caller } from '@switchboard/protocol';

export const HEALTH_PATH = '/health';

/**
 * `GET /health`: the host is up, and its protocol version. Asked with `Authorization: Bearer …`, it also says
 * whether that is the human's token of this run (`humanToken`): the UI asks when its WebSocket keeps
 * failing, as a browser cannot read a WebSocket's 401, to tell "the host is down" from "the host was
 * started again with a new token". The token is 256 random bits: the answer gives nothing away.
 */
export function serveHealth(
  request: IncomingMessage,
  response: ServerResponse,
  authenticate: (token: string) => Caller | undefined,
): void {
  const token = bearerTokenOf(request.headers.authorization);
  const body = {
    ok: true,
    protocolVersion: PROTOCOL_VERSION,
    ...(token === undefined ? {} : { humanToken: authenticate(token)?.kind === 'human' }),
  };
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
