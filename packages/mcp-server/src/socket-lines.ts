import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { Api, Caller } from '@switchboard/protocol';
import { GrowingBytes } from '@switchboard/protocol/growing-bytes';
import { abortListenerFailed, CallsInFlight } from './calls-in-flight';
import { plainToolCallMessage, toolCallAnswer } from './direct-tool-call';
import { envelopeProblem, unidentifiedError } from './jsonrpc-envelope';

export interface SocketLinesOptions {
  api: Api;
  caller: Caller;
  /** Answer plain `tools/call` lines here (SWITCHBOARD_MCP_DIRECT); off: every line to the SDK. */
  direct: boolean;
  /** Where every other line goes, newline-terminated: the stdin of the session's SDK transport. */
  sdk: Writable;
  /** The longest line taken; a longer one closes the connection (as HTTP's body cap). */
  maxLineBytes: number;
  /** Where a call's abort listener that throws is reported (the endpoint's `onError`). */
  onError?: ((message: string, error: unknown) => void) | undefined;
}

/**
 * Reads an MCP session's lines off its socket. A plain `tools/call` (the shape `/mcp` answers itself) is
 * answered here with the same `callTool` the SDK server runs, one line back on the socket; every other
 * line (initialize, lists, resources, notifications, anything unusual or malformed) goes to the SDK's
 * stdio transport unchanged, which parses and answers it as before. Saves the SDK's zod parses of the
 * JSON-RPC envelope, the request and the result on every tool call.
 */
export function readSocketLines(socket: Socket, first: Buffer, options: SocketLinesOptions): void {
  // Gone while its session connected: its 'close' (what ends a call's wait) has fired, and no one is left to answer.
  if (socket.destroyed) return;
  // The line still arriving: one buffer grown by doubling, so a line dripped a byte at a time costs each byte once.
  const partial = new GrowingBytes(Buffer.allocUnsafe, options.maxLineBytes);
  const take = (chunk: Buffer) => {
    let start = 0;
    let end = chunk.indexOf(0x0a);
    while (end >= 0) {
      if (partial.size + end - start > options.maxLineBytes) return void socket.destroy();
      const piece = chunk.subarray(start, end);
      if (partial.size === 0) route(piece);
      else {
        partial.append(piece);
        route(partial.take());
      }
      start = end + 1;
      end = chunk.indexOf(0x0a, start);
    }
    if (start === chunk.length) return;
    if (partial.size + chunk.length - start > options.maxLineBytes) return void socket.destroy();
    partial.append(chunk.subarray(start));
  };
  let inFlight = 0;
  // The socket closing (the relay killed, the client gone) or the client cancelling a call ends its wait.
  const calls = new CallsInFlight(abortListenerFailed(options.onError));
  socket.once('close', () => calls.abortAll());
  const route = (line: Buffer) => {
    const message = parseJson(line);
    // What `/mcp` refuses with 400 is answered here too (id null): the SDK's transport would drop it unanswered.
    const refusal = message === UNPARSED ? parseRefusal(line) : envelopeRefusal(message);
    if (refusal) return void writeOrDrop(socket, refusal + '\n', MAX_UNREAD_LINES * options.maxLineBytes);
    calls.cancel(message);
    const call = options.direct ? plainToolCallMessage(message) : undefined;
    if (!call) return void options.sdk.write(Buffer.concat([line, NEWLINE]));
    // At most MAX_IN_FLIGHT calls run for one connection: past it, its lines wait in the socket.
    if (++inFlight >= MAX_IN_FLIGHT) socket.pause();
    const signal = calls.start(call.id);
    toolCallAnswer(options.api, options.caller, call, { signal }).then(
      (answer) => {
        calls.end(call.id, signal);
        inFlight--;
        if (socket.destroyed) return;
        if (!writeOrDrop(socket, answer + '\n', MAX_UNREAD_LINES * options.maxLineBytes)) return;
        if (inFlight < MAX_IN_FLIGHT && socket.isPaused()) socket.resume();
      },
      () => socket.destroy(),
    );
  };
  if (first.length) take(first);
  socket.on('data', take);
}

/**
 * Writes to the socket; a client that lets more than `maxUnread` bytes of what we wrote pile up unread (it sends but
 * does not read) is disconnected, not buffered for. False when it was.
 */
function writeOrDrop(socket: Socket, data: string | Uint8Array, maxUnread: number): boolean {
  if (socket.destroyed) return false;
  socket.write(data);
  if (socket.writableLength <= maxUnread) return true;
  socket.destroy();
  return false;
}

/**
 * Where the SDK's transport writes a session's answers and notifications (`tools/list`, resources, log messages): the
 * socket, with the bound the direct answers have. The SDK writes without waiting for the socket to drain: a client
 * sending `tools/list` lines without reading grew the host by ~180 KB a line (710 MB after 4,000).
 */
export function boundedAnswers(socket: Socket, maxLineBytes: number): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      writeOrDrop(socket, chunk, MAX_UNREAD_LINES * maxLineBytes);
      done();
    },
  });
}

const NEWLINE = Buffer.from('\n');
/** Tool calls one connection runs at once, at most (as the UI's WebSocket API). */
const MAX_IN_FLIGHT = 64;
/** Answers the client has not read, at most, in lines of the longest size taken. */
const MAX_UNREAD_LINES = 8;

const UNPARSED = Symbol('not JSON');

function envelopeRefusal(message: unknown): string | undefined {
  const problem = envelopeProblem(message);
  return problem === undefined ? undefined : unidentifiedError(-32600, problem);
}

function parseJson(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    return UNPARSED;
  }
}

/** A line that is not JSON is a parse error; a blank one (a stray newline) goes to the SDK, as before. */
const parseRefusal = (line: Buffer): string | undefined =>
  line.toString('latin1').trim() === ''
    ? undefined
    : unidentifiedError(-32700, 'Parse error: the line is not valid JSON');
