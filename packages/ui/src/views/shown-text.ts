import { bidiShown } from '@switchboard/protocol';

/**
 * A message body as a person should read it: cut to `max` characters (an ellipsis after the cut) and bidi
 * embeddings, overrides and isolates written out (`[U+202E]`), so a body an agent wrote cannot read reversed.
 * Only for display: what is stored and what agents receive stays as written.
 */
export function shownBody(body: string, max = Infinity): string {
  return bidiShown(body.length > max ? `${body.slice(0, max)}…` : body);
}
