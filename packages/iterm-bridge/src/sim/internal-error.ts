/**
 * How the server words a failure of its own, as iTerm2 does (`Internal error: …`): the answer to a request whose
 * handler threw, and the report of a failure no request is waiting for (with what was being done).
 */
export function internalError(error: unknown, doing?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return doing === undefined ? `Internal error: ${message}` : `Internal error: ${doing}: ${message}`;
}
