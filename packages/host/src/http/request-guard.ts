import type { IncomingMessage } from 'node:http';

export interface GuardFailure {
  status: number;
  message: string;
}

/**
 * DNS-rebinding and cross-site defence for every request: the Host header must name our loopback
 * address and port (or the loopback port of a remote host's reverse tunnel to it, `tunnelPorts`: agents
 * there call `http://127.0.0.1:TUNNEL`), and a browser's Origin (when sent) must be our own page or one
 * explicitly allowed (never a tunnel's).
 */
export function checkHostAndOrigin(
  request: IncomingMessage,
  port: number,
  allowedOrigins: readonly string[] = [],
  tunnelPorts: Iterable<number> = [],
): GuardFailure | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  const tunnels = [...tunnelPorts].flatMap((p) => [`127.0.0.1:${p}`, `localhost:${p}`]);
  const host = request.headers.host;
  if (!host || ![...hosts, ...tunnels].includes(host.toLowerCase())) {
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
