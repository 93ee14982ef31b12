import type { IncomingMessage } from 'node:http';

export interface GuardFailure {
  status: number;
  message: string;
}

/**
 * DNS-rebinding and cross-site defence for every request: the Host header must name our loopback
 * address and port, and a browser's Origin (when sent) must be our own page or one explicitly allowed.
 */
export function checkHostAndOrigin(
  request: IncomingMessage,
  port: number,
  allowedOrigins: readonly string[] = [],
): GuardFailure | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  const host = request.headers.host;
  if (!host || !hosts.includes(host.toLowerCase())) {
    return {
      status: 421,
      message: `Host header "${host ?? ''}" is not this server (expected 127.0.0.1:${port})`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = hosts.map((h) => `http://${h}`);
    if (!own.includes(origin.toLowerCase()) && !allowedOrigins.includes(origin)) {
      return { status: 403, message: `Origin "${origin}" may not use this server` };
    }
  }
  return undefined;
}
