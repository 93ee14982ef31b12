import WebSocket from 'ws';
import type { ITerm2Credentials } from './auth';
import { ITerm2HandshakeError } from './errors';
import { parseProtocolVersion, type ProtocolVersion } from './protocol-version';
import { unbufferedConnection } from './read-coalescing';

export const SUBPROTOCOL = 'api.iterm2.com';
export const LIBRARY_VERSION = 'typescript 1.0';

/** Where to connect: iTerm2's unix socket, or loopback TCP (older iTerm2, a standalone embedded server). */
export type ITerm2Endpoint = { socketPath: string } | { port: number; host?: '127.0.0.1' | 'localhost' };

/** The headers of §1.1 besides the WebSocket ones `ws` writes (Upgrade, Connection, Key, Version, Protocol). */
export function handshakeHeaders(
  credentials: ITerm2Credentials,
  advisoryName: string,
): Record<string, string> {
  return {
    Host: 'localhost',
    Origin: 'ws://localhost/',
    'x-iterm2-library-version': LIBRARY_VERSION,
    'x-iterm2-disable-auth-ui': 'true',
    'x-iterm2-advisory-name': advisoryName,
    ...(credentials.cookie ? { 'x-iterm2-cookie': credentials.cookie } : {}),
    ...(credentials.key ? { 'x-iterm2-key': credentials.key } : {}),
  };
}

export const endpointUrl = (endpoint: ITerm2Endpoint) =>
  'socketPath' in endpoint
    ? `ws+unix://${endpoint.socketPath}:/`
    : `ws://${endpoint.host ?? '127.0.0.1'}:${endpoint.port}/`;

export const describeEndpoint = (endpoint: ITerm2Endpoint) =>
  'socketPath' in endpoint
    ? `unix:${endpoint.socketPath}`
    : `ws://${endpoint.host ?? '127.0.0.1'}:${endpoint.port}/`;

export interface OpenedSocket {
  socket: WebSocket;
  protocolVersion: ProtocolVersion;
}

/**
 * Opens one WebSocket to iTerm2 with the exact upgrade request iTerm2 checks: `GET /`, `Host:
 * localhost`, `Origin: ws://localhost/`, one subprotocol, no extensions (permessage-deflate off).
 */
export function openSocket(
  endpoint: ITerm2Endpoint,
  credentials: ITerm2Credentials,
  advisoryName: string,
  timeoutMs: number,
): Promise<OpenedSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(endpointUrl(endpoint), [SUBPROTOCOL], {
      headers: handshakeHeaders(credentials, advisoryName),
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
      maxPayload: 256 * 1024 * 1024,
      // So that pausing the socket (read coalescing) stops its reads at once.
      createConnection: unbufferedConnection as unknown as WebSocket.ClientOptions['createConnection'],
    });
    socket.binaryType = 'nodebuffer';
    let version: ProtocolVersion = { major: 0, minor: 0 };
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(error);
    };
    socket.once('upgrade', (response) => {
      const header = response.headers['x-iterm2-protocol-version'];
      version = parseProtocolVersion(Array.isArray(header) ? header[0] : header);
    });
    socket.once('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      fail(
        new ITerm2HandshakeError(
          status,
          `iTerm2 refused the connection at ${describeEndpoint(endpoint)}: HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
        ),
      );
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
          ? ' (is iTerm2 running with Settings > General > Magic > Enable Python API on?)'
          : '';
      fail(
        new ITerm2HandshakeError(
          undefined,
          `Cannot connect to iTerm2 at ${describeEndpoint(endpoint)}: ${error.message}${hint}`,
        ),
      );
    });
    socket.once('open', () => {
      if (settled) return;
      settled = true;
      socket.removeAllListeners();
      if (socket.protocol !== SUBPROTOCOL) {
        socket.terminate();
        reject(
          new ITerm2HandshakeError(
            undefined,
            `iTerm2 at ${describeEndpoint(endpoint)} did not accept subprotocol ${SUBPROTOCOL}`,
          ),
        );
        return;
      }
      resolve({ socket, protocolVersion: version });
    });
  });
}
