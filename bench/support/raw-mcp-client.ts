// MCP tool calls over a bare keep-alive HTTP/1.1 connection (requests written by hand, answers read by
// content-length) and over the host's unix socket (one JSON-RPC line each way): clients that cost almost
// nothing, so a bench on this 2-core box measures the host's CPU per call, not the SDK client's.
import { connect, type Socket } from 'node:net';

export type RawCall = (name: string, args?: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The result of a tools/call answer; throws on a JSON-RPC error or a tool error. */
function resultOf(text: string, name: string): Record<string, unknown> {
  const answer = JSON.parse(text) as { result?: Record<string, unknown>; error?: unknown };
  if (!answer.result || answer.result['isError'])
    throw new Error(`${name}: ${JSON.stringify(answer.error ?? answer.result)}`);
  return (answer.result['structuredContent'] as Record<string, unknown>) ?? {};
}

/** One keep-alive connection; one call at a time on it (HTTP/1.1 without pipelining). */
export function rawHttpCaller(url: string, headers: Record<string, string>): RawCall & { close(): void } {
  const target = new URL(url);
  const socket = connect(Number(target.port), target.hostname);
  socket.setNoDelay(true);
  let buffer: Buffer = Buffer.alloc(0);
  let waiting:
    { name: string; resolve(value: Record<string, unknown>): void; reject(e: Error): void } | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
    if (!Number.isFinite(length)) return waiting?.reject(new Error(`no content-length: ${head}`));
    if (buffer.length < end + 4 + length) return;
    const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    buffer = buffer.subarray(end + 4 + length);
    const call = waiting!;
    waiting = undefined;
    if (!head.startsWith('HTTP/1.1 200')) return call.reject(new Error(`${call.name}: ${head} ${body}`));
    try {
      call.resolve(resultOf(body, call.name));
    } catch (error) {
      call.reject(error as Error);
    }
  });
  socket.on('error', (error) => waiting?.reject(error));
  const fixed =
    `Host: ${target.host}\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
  let id = 0;
  const call: RawCall = (name, args = {}) =>
    new Promise((resolve, reject) => {
      waiting = { name, resolve, reject };
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: ++id,
        method: 'tools/call',
        params: { name, arguments: args },
      });
      socket.write(
        `POST ${target.pathname} HTTP/1.1\r\n${fixed}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  return Object.assign(call, { close: () => socket.destroy() });
}

/** One connection to the host's MCP socket (`{"token"}` first); calls may overlap, answers matched by id. */
export async function rawSocketCaller(path: string, token: string): Promise<RawCall & { close(): void }> {
  const socket: Socket = connect(path);
  socket.setEncoding('utf8');
  let buffer = '';
  const waiting = new Map<
    number,
    { name: string; resolve(v: Record<string, unknown>): void; reject(e: Error): void }
  >();
  let hello: (() => void) | undefined;
  const opened = new Promise<void>((resolve) => (hello = resolve));
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (hello) {
        const first = hello;
        hello = undefined;
        first();
        continue;
      }
      const id = (JSON.parse(line) as { id: number }).id;
      const call = waiting.get(id)!;
      waiting.delete(id);
      try {
        call.resolve(resultOf(line, call.name));
      } catch (error) {
        call.reject(error as Error);
      }
    }
  });
  socket.write(JSON.stringify({ token }) + '\n');
  await opened;
  let id = 0;
  const call: RawCall = (name, args = {}) =>
    new Promise((resolve, reject) => {
      waiting.set(++id, { name, resolve, reject });
      socket.write(
        JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }) +
          '\n',
      );
    });
  return Object.assign(call, { close: () => socket.destroy() });
}
