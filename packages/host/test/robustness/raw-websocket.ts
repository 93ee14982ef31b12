import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** One WebSocket frame as a client writes it, including the ways a hostile client bends the rules. */
export interface RawFrame {
  fin: boolean;
  /** RSV1-3 bits (0 for a well-formed frame without extensions). */
  rsv: number;
  opcode: number;
  /** Clients must mask; an unmasked client frame is a protocol error. */
  masked: boolean;
  payload: Uint8Array;
  /** A length header that lies (bigger than the payload that follows). */
  declaredLength?: number;
}

/** Encodes a frame byte for byte (RFC 6455 §5.2). */
export function encodeFrame(frame: RawFrame): Buffer {
  const length = frame.declaredLength ?? frame.payload.length;
  const head = [(frame.fin ? 0x80 : 0) | ((frame.rsv & 7) << 4) | (frame.opcode & 0x0f)];
  const maskBit = frame.masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 0x10000) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = BigInt(length);
    for (let shift = 56n; shift >= 0n; shift -= 8n) head.push(Number((big >> shift) & 0xffn));
  }
  const mask = frame.masked ? randomBytes(4) : Buffer.alloc(0);
  const payload = Buffer.from(frame.payload);
  if (frame.masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([Buffer.from(head), mask, payload]);
}

export const PING_PROBE = Buffer.from('probe');

export type Target =
  | { port: number; path: string; headers: Record<string, string> }
  | { unixPath: string; path: string; headers: Record<string, string> };

export interface RawOutcome {
  /** The server answered the upgrade with 101. */
  upgraded: boolean;
  /** A pong carrying our probe came back before the connection ended. */
  ponged: boolean;
  /** The close code the server sent, if it sent a close frame. */
  closeCode: number | undefined;
}

/**
 * Opens a raw connection, upgrades it, writes `bytes` and a ping, then half-closes and waits for the
 * server to close. Rejects if the server neither answers nor closes within `patienceMs`: a wedged
 * connection is a failure too.
 */
export function exchange(target: Target, bytes: Buffer, patienceMs = 20_000): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const socket: Socket =
      'unixPath' in target ? connect(target.unixPath) : connect(target.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let upgraded = false;
    const outcome: RawOutcome = { upgraded: false, ponged: false, closeCode: undefined };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${patienceMs} ms`));
    }, patienceMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...outcome, upgraded });
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = received.subarray(0, 12).toString('latin1') === 'HTTP/1.1 101';
        received = received.subarray(end + 4);
        if (!upgraded) return void socket.end();
        socket.write(
          Buffer.concat([
            bytes,
            encodeFrame({ fin: true, rsv: 0, opcode: 9, masked: true, payload: PING_PROBE }),
          ]),
        );
        socket.end();
      }
      readServerFrames();
    });
    const readServerFrames = () => {
      for (;;) {
        if (received.length < 2) return;
        const opcode = received[0]! & 0x0f;
        let length = received[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (received.length < 4) return;
          length = received.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (received.length < 10) return;
          length = Number(received.readBigUInt64BE(2));
          offset = 10;
        }
        if (received.length < offset + length) return;
        const payload = received.subarray(offset, offset + length);
        if (opcode === 0x0a && payload.equals(PING_PROBE)) outcome.ponged = true;
        if (opcode === 0x08 && payload.length >= 2) outcome.closeCode = payload.readUInt16BE(0);
        received = received.subarray(offset + length);
      }
    };
    const key = randomBytes(16).toString('base64');
    const headers = {
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': '13',
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      ...target.headers,
    };
    socket.write(
      `GET ${target.path} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
  });
}
