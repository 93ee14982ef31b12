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
  private response: ServerResponse | undefined;
  private stalled = false;
  private queued = 0;

  constructor(private readonly maxBytes: number) {}

  /** The session's GET stream is answered on this response from now on. */
  attach(response: ServerResponse): void {
    this.response = response;
    this.stalled = false;
    this.queued = 0;
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    response.write = ((...args: unknown[]) => {
      const flowing = write(...args);
      if (!flowing && !this.stalled && this.response === response) {
        this.stalled = true;
        response.once('drain', () => {
          this.stalled = false;
          this.queued = 0;
        });
      }
      return flowing;
    }) as ServerResponse['write'];
    response.once('close', () => {
      if (this.response === response) this.response = undefined;
    });
  }

  /** A message the session sends outside any request's answer: on the GET stream, if one is open. */
  sent(message: unknown): void {
    if (!this.response || !this.stalled) return;
    this.queued += JSON.stringify(message).length;
    if (this.queued <= this.maxBytes) return;
    const response = this.response;
    this.response = undefined;
    response.destroy();
  }
}
