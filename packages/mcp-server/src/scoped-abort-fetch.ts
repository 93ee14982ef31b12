import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * `fetch` for the SDK's Streamable HTTP client, which hands its transport's one long-lived AbortSignal to
 * every request. Node's fetch (undici) adds an 'abort' listener to that signal per request and drops it
 * only when the request is garbage-collected: on a busy relay thousands pile up between collections
 * (`MaxListenersExceededWarning: 2003 abort listeners added to [AbortSignal]`). Here each request gets a
 * signal of its own, linked to the long-lived one until its response body is read, cancelled or fails,
 * then unlinked: closing the transport still aborts every request and stream in flight.
 */
export const fetchWithScopedAbort: FetchLike = async (url, init) => {
  const outer = init?.signal;
  if (!outer) return fetch(url, init);
  outer.throwIfAborted();
  const inner = new AbortController();
  const abort = () => inner.abort(outer.reason);
  outer.addEventListener('abort', abort, { once: true });
  const unlink = () => outer.removeEventListener('abort', abort);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: inner.signal });
  } catch (error) {
    unlink();
    throw error;
  }
  if (!response.body) {
    unlink();
    return response;
  }
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  response.body.pipeTo(writable).then(unlink, unlink);
  return new Response(readable, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};
