import { createConnection, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface SocketRelayOptions {
  /** The host's MCP socket (host.json `mcpSocket`). */
  path: string;
  /** The caller's token (from SWITCHBOARD_TOKEN; never a flag). */
  token: string;
  stdin?: Readable;
  stdout?: Writable;
}

/**
 * `switchboard mcp` over the host's unix socket: sends the token line, waits for the host's answer, then
 * copies bytes both ways without parsing them (both sides speak MCP's stdio framing), over one
 * connection for the client's whole session. Rejects if the socket cannot be reached (the caller then
 * falls back to HTTP); a refused token answers every request with an error, as the HTTP relay does.
 * Resolves when either side closes.
 */
export async function relayStdioToSocket(options: SocketRelayOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const socket = await connect(options.path);
  socket.write(JSON.stringify({ token: options.token }) + '\n');
  const answer = await firstLine(socket);
  const parsed = parseAnswer(answer.line);
  if (!parsed.ok) {
    socket.destroy();
    return answerWithError(stdin, stdout, parsed.message);
  }
  if (answer.rest.length) stdout.write(answer.rest);
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    stdin.once('end', () => socket.end());
    stdin.pipe(socket);
    socket.pipe(stdout, { end: false });
    socket.resume();
  });
}

function connect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => socket.destroy());
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function firstLine(socket: Socket): Promise<{ line: string; rest: Buffer }> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(0x0a);
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve({ line: buffered.subarray(0, end).toString('utf8'), rest: buffered.subarray(end + 1) });
    };
    const onClose = () => resolve({ line: '', rest: Buffer.alloc(0) });
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

function parseAnswer(line: string): { ok: true } | { ok: false; message: string } {
  try {
    const value = JSON.parse(line) as { ok?: unknown; message?: unknown };
    if (value.ok === true) return { ok: true };
    return {
      ok: false,
      message:
        typeof value.message === 'string' ? value.message : 'The Switchboard host refused the connection.',
    };
  } catch {
    return { ok: false, message: 'The Switchboard host closed the connection without an answer.' };
  }
}

/**
 * The host refused: every request the client sends is answered with this error until it closes stdin. The SDK's stdio
 * framing (and its schemas) is loaded only here: an accepted relay copies bytes and needs none of it
 * (`@switchboard/mcp-server/socket-relay` is what `switchboard mcp`, the stdio relay, starts with).
 */
async function answerWithError(stdin: Readable, stdout: Writable, message: string): Promise<void> {
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const local = new StdioServerTransport(stdin, stdout);
  return new Promise((resolve) => {
    local.onmessage = (request: JSONRPCMessage) => {
      if (!('id' in request) || !('method' in request)) return;
      // The client may have closed stdout already; it was refused either way and is told nothing more.
      void local
        .send({
          jsonrpc: '2.0',
          id: request.id,
          error: {
            code: -32001,
            message: `Switchboard refused the token: ${message}`,
            data: { code: 'unauthorized' },
          },
        })
        .catch(() => undefined);
    };
    stdin.once('end', () => void local.close().then(() => resolve()));
    void local.start();
  });
}
