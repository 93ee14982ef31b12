import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerTokenOf, type Caller } from '@switchboard/protocol';
import { plainResponse } from './plain-response';

/**
 * The caller whose token the request carries (`Authorization: Bearer …`) and whose kind the route serves; else the
 * refusal is answered (401 with `www-authenticate` for no token or an unknown one, 403 for the other kind) and
 * the result is undefined.
 */
export function bearerCaller(
  request: IncomingMessage,
  response: ServerResponse,
  authenticate: (token: string) => Caller | undefined,
  kind: Caller['kind'],
  refusals: { missing: string; otherKind: string },
): Caller | undefined {
  const token = bearerTokenOf(request.headers.authorization);
  const caller = token ? authenticate(token) : undefined;
  if (!caller) plainResponse(response, 401, refusals.missing, { 'www-authenticate': 'Bearer' });
  else if (caller.kind !== kind) plainResponse(response, 403, refusals.otherKind);
  else return caller;
  return undefined;
}
