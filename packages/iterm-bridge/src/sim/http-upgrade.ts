import type { Socket } from 'node:net';
import { GrowingBytes } from '@switchboard/protocol/growing-bytes';
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
    const head = new PendingHead();
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
      const taken = head.take(chunk);
      if (taken === 'more') return;
      if (taken === 'too long') return finish({ malformed: true });
      const parsed = parseHead(taken.head.toString('latin1'));
      finish(parsed ? { request: parsed, head: taken.rest } : { malformed: true });
    };
    socket.on('data', onData);
    socket.on('close', onGone);
    socket.on('error', onGone);
  });
}

const CRLF = Buffer.from('\r\n');
const BLANK_LINE = Buffer.from('\r\n\r\n');

/**
 * A request head still arriving, in one buffer grown by doubling; each chunk is searched once, from just before
 * where it starts (a CRLF or the blank line may straddle two chunks), and the line count and the current line's
 * length are kept as it goes. Before session 24 every chunk was concatenated onto all before it, searched again
 * and split into lines again: a head sent a byte at a time cost O(n²) (its limits allow ~420 KB).
 */
class PendingHead {
  private readonly pending = new GrowingBytes(Buffer.allocUnsafe);
  /** Where the line still without its CRLF starts, and how many lines ended before it. */
  private lineStart = 0;
  private linesEnded = 0;

  take(chunk: Buffer): { head: Buffer; rest: Buffer } | 'more' | 'too long' {
    const from = this.pending.size;
    this.pending.append(chunk);
    const bytes = this.pending.view();
    const end = bytes.indexOf(BLANK_LINE, Math.max(0, from - 3));
    if (end >= 0) return { head: bytes.subarray(0, end), rest: bytes.subarray(end + 4) };
    for (let at = bytes.indexOf(CRLF, Math.max(this.lineStart, from - 1)); at >= 0;) {
      if (at - this.lineStart > MAX_LINE_BYTES) return 'too long';
      this.linesEnded++;
      this.lineStart = at + 2;
      at = bytes.indexOf(CRLF, this.lineStart);
    }
    // A last byte \r may start the line's CRLF: it is not counted in the line (a head whole or dripped reads alike).
    const arriving = bytes.length - this.lineStart - (bytes[bytes.length - 1] === 0x0d ? 1 : 0);
    return this.linesEnded + 1 > MAX_HEADERS + 2 || arriving > MAX_LINE_BYTES ? 'too long' : 'more';
  }
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
