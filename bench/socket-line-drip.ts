// A line dripped into mcp.sock a byte at a time: the host's cost per one-byte chunk with 4 KiB of the line already
// pending against ~1 MiB (just under the 1 MiB line cap), through `readSocketLines` on a real unix socket (chunks
// handed to its 'data' listener, so only the reader's own work is timed, not the client's). Before session 24 each
// chunk was concatenated onto everything pending and searched again: ~330 µs a chunk at 1 MiB against ~5 µs at 4 KiB,
// so one peer writing a byte at a time could keep the host's event loop busy. Goal: the ratio near 1 (no growth with
// what is pending; ≤ 10 allowed for a loaded machine). Rounds alternate the legs' order.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSocketLines } from '../packages/mcp-server/src/socket-lines';
import { size } from './stats';
import { reportDrip } from './support/drip-report';

const CHUNKS = size('BENCH_CHUNKS', 5_000, { smoke: 200 });
const ROUNDS = size('BENCH_ROUNDS', 6, { smoke: 1 });
const MAX_LINE = 1024 * 1024;
const LEGS: [string, number][] = [
  ['4 KiB pending', 4 * 1024],
  ['1 MiB pending', MAX_LINE - 64 * 1024],
];

const dir = mkdtempSync(join(tmpdir(), 'sb-bench-drip-'));
const path = join(dir, 'drip.sock');
let accepted: ((socket: Socket) => void) | undefined;
const server = createServer((socket) => accepted?.(socket));
await new Promise<void>((resolve) => server.listen(path, resolve));

/** A fresh connection whose host side reads lines as mcp.sock does; nothing it routes is answered (no newline comes). */
async function reader(): Promise<{ host: Socket; client: Socket }> {
  const host = new Promise<Socket>((resolve) => (accepted = resolve));
  const client = createConnection(path);
  await new Promise((resolve) => client.once('connect', resolve));
  const socket = await host;
  socket.pause();
  readSocketLines(socket, Buffer.alloc(0), {
    api: { invoke: async () => ({}), subscribe: () => () => undefined } as never,
    caller: { kind: 'agent', id: 'bench' },
    direct: true,
    sdk: new PassThrough(),
    maxLineBytes: MAX_LINE,
  });
  return { host: socket, client };
}

const perChunkUs: Record<string, number[]> = Object.fromEntries(LEGS.map(([name]) => [name, []]));
const oneByte = Buffer.from('x');
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, pending] of round % 2 ? [...LEGS].reverse() : LEGS) {
    const { host, client } = await reader();
    host.emit('data', Buffer.alloc(pending, 0x78));
    // Untimed: the first bytes after it may grow the reader's buffer once (a copy of what is pending).
    for (let i = 0; i < 16; i++) host.emit('data', oneByte);
    const started = performance.now();
    for (let i = 0; i < CHUNKS; i++) host.emit('data', oneByte);
    perChunkUs[name]!.push(((performance.now() - started) * 1000) / CHUNKS);
    if (host.destroyed) throw new Error(`${name}: the reader closed the connection under the line cap`);
    client.destroy();
    host.destroy();
  }
}
await reportDrip('socket-line-drip', perChunkUs, ['4 KiB pending', '1 MiB pending'], 'ratio1MiBTo4KiB', {
  chunks: CHUNKS,
  goal: 'a line dripped a byte at a time costs about the same per byte whatever is pending (ratio ≤ 10; 64–200 before session 24)',
});
server.close();
rmSync(dir, { recursive: true, force: true });
