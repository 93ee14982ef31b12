import type { Socket } from 'node:net';
import type { UpgradeRequest } from './handshake';

/** iTerm2's limits for the upgrade request. */
export const MAX_HEADERS = 100;
export const MAX_LINE_BYTES = 4096;
export const REQUEST_DEADLINE_MS = 30_000;

export type ReadResult = { request: UpgradeRequest; head: Buffer } | { malformed: true } | { gone: true };

/**
 * Reads one HTTP request head from a raw socket. Hand-written rather than node:http because the
 * real server's answers (a bare status line) and its laxness (an absent `Upgrade` header passes)
 * cannot be reproduced through node:http's upgrade path.
 */
export function readUpgradeRequest(socket: Socket, deadlineMs = REQUEST_DEADLINE_MS): Promise<ReadResult> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    let settled = false;
    const finish = (result: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onGone);
      socket.off('error', onGone);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ malformed: true }), deadlineMs);
    const onGone = () => finish({ gone: true });
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        const lines = buffered.toString('latin1').split('\r\n');
        if (lines.length > MAX_HEADERS + 2 || lines.some((l) => l.length > MAX_LINE_BYTES))
          finish({ malformed: true });
        return;
      }
      const parsed = parseHead(buffered.subarray(0, end).toString('latin1'));
      finish(parsed ? { request: parsed, head: buffered.subarray(end + 4) } : { malformed: true });
    };
    socket.on('data', onData);
    socket.on('close', onGone);
    socket.on('error', onGone);
  });
}

function parseHead(text: string): UpgradeRequest | undefined {
  const lines = text.split('\r\n');
  if (lines.length - 1 > MAX_HEADERS || lines.some((l) => l.length > MAX_LINE_BYTES)) return undefined;
  const requestLine = lines[0]!.split(' ');
  if (requestLine.length !== 3) return undefined;
  const [method, path, version] = requestLine as [string, string, string];
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { method, path, version, headers };
}
