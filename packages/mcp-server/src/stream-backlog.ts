import type { ServerResponse } from 'node:http';

/** What a session's GET stream may hold for a client that does not read it, in bytes of JSON. */
export const MAX_STREAM_BACKLOG_BYTES = 8 * 1024 * 1024;

/**
 * The backlog of one MCP session's standalone GET stream (the SSE stream notifications travel on). The SDK queues
 * each notification in a web ReadableStream and the response is written only as fast as the client reads: a client
 * that opens the stream and never reads it had every notification kept (a log message per matched line of a watch,
 * per `human.notify`), without bound. Here the notifications sent while the response is not draining are counted;
 * past `maxBytes` the stream is cut (the client may open another, and misses what it did not read).
 */
export class StreamBacklog {
  /**
   * The session's GET responses still open, each with the bytes sent since it stopped draining (undefined while it
   * drains). Every one is followed, not only the latest: a second GET (answered 409 by the SDK) must not hide the first.
   */
  private readonly streams = new Map<ServerResponse, number | undefined>();

  constructor(private readonly maxBytes: number) {}

  /** A GET request of the session is answered on this response. */
  attach(response: ServerResponse): void {
    this.streams.set(response, undefined);
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    response.write = ((...args: unknown[]) => {
      const flowing = write(...args);
      if (!flowing && this.streams.get(response) === undefined && this.streams.has(response)) {
        this.streams.set(response, 0);
        response.once('drain', () => this.streams.has(response) && this.streams.set(response, undefined));
      }
      return flowing;
    }) as ServerResponse['write'];
    response.once('close', () => this.streams.delete(response));
  }

  /** A message the session sends outside any request's answer: on the GET stream, if one is open. */
  sent(message: unknown): void {
    let size: number | undefined;
    for (const [response, queued] of this.streams) {
      if (queued === undefined) continue;
      size ??= JSON.stringify(message).length;
      if (queued + size <= this.maxBytes) {
        this.streams.set(response, queued + size);
        continue;
      }
      this.streams.delete(response);
      response.destroy();
    }
  }
}
