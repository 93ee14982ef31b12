import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { Api, Caller } from '@switchboard/protocol';
import { plainToolCallMessage, toolCallAnswer } from './direct-tool-call';

export interface SocketLinesOptions {
  api: Api;
  caller: Caller;
  /** Answer plain `tools/call` lines here (SWITCHBOARD_MCP_DIRECT); off: every line to the SDK. */
  direct: boolean;
  /** Where every other line goes, newline-terminated: the stdin of the session's SDK transport. */
  sdk: Writable;
  /** The longest line taken; a longer one closes the connection (as HTTP's body cap). */
  maxLineBytes: number;
}

/**
 * Reads an MCP session's lines off its socket. A plain `tools/call` (the shape `/mcp` answers itself) is
 * answered here with the same `callTool` the SDK server runs, one line back on the socket; every other
 * line (initialize, lists, resources, notifications, anything unusual or malformed) goes to the SDK's
 * stdio transport unchanged, which parses and answers it as before. Saves the SDK's zod parses of the
 * JSON-RPC envelope, the request and the result on every tool call.
 */
export function readSocketLines(socket: Socket, first: Buffer, options: SocketLinesOptions): void {
  let pending: Buffer | undefined;
  const take = (chunk: Buffer) => {
    let buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    let end = buffer.indexOf(0x0a);
    while (end >= 0) {
      if (end > options.maxLineBytes) return void socket.destroy();
      route(buffer.subarray(0, end));
      buffer = buffer.subarray(end + 1);
      end = buffer.indexOf(0x0a);
    }
    if (buffer.length > options.maxLineBytes) return void socket.destroy();
    pending = buffer.length ? buffer : undefined;
  };
  let inFlight = 0;
  const route = (line: Buffer) => {
    const call = options.direct ? plainToolCallMessage(parseJson(line)) : undefined;
    if (!call) return void options.sdk.write(Buffer.concat([line, NEWLINE]));
    // At most MAX_IN_FLIGHT calls run for one connection: past it, its lines wait in the socket.
    if (++inFlight >= MAX_IN_FLIGHT) socket.pause();
    toolCallAnswer(options.api, options.caller, call).then(
      (answer) => {
        inFlight--;
        if (socket.destroyed) return;
        socket.write(answer + '\n');
        // A client that sends calls but does not read its answers is disconnected, not buffered for.
        if (socket.writableLength > MAX_UNREAD_LINES * options.maxLineBytes) return void socket.destroy();
        if (inFlight < MAX_IN_FLIGHT && socket.isPaused()) socket.resume();
      },
      () => socket.destroy(),
    );
  };
  if (first.length) take(first);
  socket.on('data', take);
}

const NEWLINE = Buffer.from('\n');
/** Tool calls one connection runs at once, at most (as the UI's WebSocket API). */
const MAX_IN_FLIGHT = 64;
/** Answers the client has not read, at most, in lines of the longest size taken. */
const MAX_UNREAD_LINES = 8;

function parseJson(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
}
