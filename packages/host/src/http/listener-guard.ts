import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Node's HTTP server calls its 'request' and 'upgrade' listeners inside its parser: a throw there is an uncaught
 * exception, and the host process ends. Before session 24 one unauthenticated `GET //% HTTP/1.1` (a request target the
 * URL parser refuses, which any web page's `<img>` can send to 127.0.0.1:7433) did that. These wrappers report the
 * error and answer 500 (a request) or close the socket (an upgrade) instead.
 */
export function answeringOnThrow(
  listener: (request: IncomingMessage, response: ServerResponse) => void,
  report: (error: unknown) => void,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    try {
      listener(request, response);
    } catch (error) {
      report(error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end();
    }
  };
}

export function closingOnThrow(
  listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void,
  report: (error: unknown) => void,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (request, socket, head) => {
    try {
      listener(request, socket, head);
    } catch (error) {
      report(error);
      socket.destroy();
    }
  };
}
