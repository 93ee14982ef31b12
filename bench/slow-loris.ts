/**
 * A human's `GET /health` while a local process holds N slow-loris connections to the host (each sends the start of a
 * request, then a header byte a second, never its end): how long it takes (capped at 15 s) and how many of the N the
 * host still holds 2 s later. N = 0 (the baseline in the same run), 100, 1,000 and 5,000 at the host's own descriptor
 * limit, and 1,000 with the host's descriptors lowered to 1,024 (`ulimit -n`: where they run out).
 *
 * BENCH_LORIS_BEFORE=<checkout> runs every case from that checkout's bin/switchboard.js too, taking turns with this one
 * (the leg that goes first alternates per round). Run: `npx tsx bench/slow-loris.ts` (BENCH_ROUNDS rounds, default 2).
 * Prints JSON and a table; writes bench/results/slow-loris.json. The smoke run: 0 and 100 held, one round, 0.2 s waits.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { report, size, SMOKE } from './stats';
import { sleep } from './support/waiting';

const ROUNDS = size('BENCH_ROUNDS', 2, { smoke: 1 });
const CASES = [
  { held: 0, fdLimit: 0 },
  { held: 100, fdLimit: 0 },
  { held: 1000, fdLimit: 0 },
  { held: 5000, fdLimit: 0 },
  { held: 1000, fdLimit: 1024 },
].slice(0, SMOKE ? 2 : undefined);
/** How long the connections are held before the human's call (the host's cap acts at once, its time-outs later). */
const HOLD_MS = SMOKE ? 200 : 2000;
const HEALTH_CAP_MS = 15_000;
const repository = resolve(import.meta.dirname, '..');
const before = process.env['BENCH_LORIS_BEFORE'];
const trees: Record<string, string> = { now: repository, ...(before ? { before: resolve(before) } : {}) };

interface Sample {
  healthMs: number;
  healthStatus: number | string;
  stillHeld: number;
  load: number;
}

async function startHostProcess(tree: string, fdLimit: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-loris-'));
  const cli = join(trees[tree]!, 'apps/headless/bin/switchboard.js');
  const limit = fdLimit > 0 ? `ulimit -n ${fdLimit}; ` : '';
  const child = spawn(
    'bash',
    ['-c', `${limit}exec node "$0" start --backend memory --port 0 --data-dir "$1" --no-open`, cli, dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  let port: number | undefined;
  for (let i = 0; i < 600 && port === undefined; i++) {
    await sleep(100);
    const match = /127\.0\.0\.1:(\d+)/.exec(printed);
    if (match) port = Number(match[1]);
  }
  const stop = async () => {
    child.kill('SIGTERM');
    await sleep(500);
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (port === undefined) {
    await stop();
    throw new Error(`the host from ${tree} printed no URL: ${printed}`);
  }
  return { port, stop };
}

async function holdHalfSent(port: number, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => socket.destroy());
    socket.resume();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    sockets.push(socket);
    if (i % 200 === 199) await sleep(10);
  }
  return sockets;
}

async function runCase(tree: string, held: number, fdLimit: number): Promise<Sample> {
  const host = await startHostProcess(tree, fdLimit);
  const sockets = await holdHalfSent(host.port, held);
  const drip = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write('a');
  }, 1000);
  try {
    await sleep(HOLD_MS);
    const started = performance.now();
    let healthStatus: number | string;
    try {
      const answer = await fetch(`http://127.0.0.1:${host.port}/health`, {
        signal: AbortSignal.timeout(HEALTH_CAP_MS),
      });
      healthStatus = answer.status;
    } catch (error) {
      // A refused or reset connection is fetch's TypeError with the socket's code as its cause.
      const failure = error as Error & { cause?: { code?: string } };
      healthStatus = failure.cause?.code ?? failure.name;
    }
    const healthMs = Math.round(performance.now() - started);
    const stillHeld = sockets.filter((socket) => !socket.destroyed).length;
    return { healthMs, healthStatus, stillHeld, load: loadavg()[0]! };
  } finally {
    clearInterval(drip);
    for (const socket of sockets) socket.destroy();
    await host.stop();
  }
}

const rows: Record<string, Record<string, number | string>> = {};
for (let round = 0; round < ROUNDS; round++)
  for (const { held, fdLimit } of CASES) {
    const order = Object.keys(trees);
    if (round % 2 === 1) order.reverse();
    for (const tree of order) {
      const { healthMs, healthStatus, stillHeld, load } = await runCase(tree, held, fdLimit);
      rows[`${tree} held ${held}${fdLimit ? ` fd ${fdLimit}` : ''} #${round + 1}`] = {
        healthMs,
        healthStatus,
        stillHeld,
        load,
      };
    }
  }
await report('slow-loris', rows, { holdMs: HOLD_MS });
