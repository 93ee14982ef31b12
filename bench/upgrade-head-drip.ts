// An upgrade request head dripped into the embedded iTerm2-API server a byte at a time: the server's cost per
// one-byte chunk with one 4,000-byte header line already pending against fifty (~200 KB; iTerm2's limits allow
// ~420 KB: 100 headers of 4,096 bytes), through `readUpgradeRequest` on a real TCP socket (chunks handed to its
// 'data' listener, so only the reader's own work is timed). Before session 24 each chunk was concatenated onto
// everything pending, searched again for the blank line and split into lines again. Goal: the ratio near 1 (no
// growth with what is pending; ≤ 10 allowed for a loaded machine). Rounds alternate the legs' order.
import { createConnection, createServer, type Socket } from 'node:net';
import { readUpgradeRequest } from '../packages/iterm-bridge/src/sim/http-upgrade';
import { size } from './stats';
import { reportDrip } from './support/drip-report';

const LINES = size('BENCH_LINES', 40, { smoke: 2 });
const ROUNDS = size('BENCH_ROUNDS', 6, { smoke: 1 });
const header = (i: number, bytes: number) => `x-${String(i).padStart(3, '0')}: ${'a'.repeat(bytes - 7)}\r\n`;
const LEGS: [string, number][] = [
  ['1 line pending', 1],
  ['50 lines pending', 50],
];
// What is dripped: LINES short header lines (100 bytes each), a byte at a time, then the blank line.
const drip = Buffer.from(Array.from({ length: LINES }, (_, i) => header(100 + i, 98)).join(''), 'latin1');

let accepted: ((socket: Socket) => void) | undefined;
const server = createServer((socket) => accepted?.(socket));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

async function connection(): Promise<{ host: Socket; client: Socket }> {
  const host = new Promise<Socket>((resolve) => (accepted = resolve));
  const client = createConnection(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  const socket = await host;
  socket.pause();
  return { host: socket, client };
}

const perChunkUs: Record<string, number[]> = Object.fromEntries(LEGS.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, pendingLines] of round % 2 ? [...LEGS].reverse() : LEGS) {
    const { host, client } = await connection();
    const read = readUpgradeRequest(host);
    const pending = Array.from({ length: pendingLines }, (_, i) => header(i, 4000)).join('');
    host.emit('data', Buffer.from(`GET / HTTP/1.1\r\n${pending}`, 'latin1'));
    const started = performance.now();
    for (let i = 0; i < drip.length; i++) host.emit('data', drip.subarray(i, i + 1));
    perChunkUs[name]!.push(((performance.now() - started) * 1000) / drip.length);
    host.emit('data', Buffer.from('\r\n'));
    const result = await read;
    if (!('request' in result)) throw new Error(`${name}: the head was not read (${JSON.stringify(result)})`);
    if (result.request.headers.size !== pendingLines + LINES) throw new Error(`${name}: headers lost`);
    client.destroy();
    host.destroy();
  }
}
await reportDrip('upgrade-head-drip', perChunkUs, ['1 line pending', '50 lines pending'], 'ratio50To1', {
  chunks: drip.length,
  goal: 'an upgrade head dripped a byte at a time costs about the same per byte whatever is pending (ratio ≤ 10)',
});
server.close();
