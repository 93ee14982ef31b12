import type { ServerResponse } from 'node:http';

/** A short plain-text answer (an error's reason) with the given status and headers. */
export function plainResponse(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(message + '\n');
}
