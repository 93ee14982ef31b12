import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '@switchboard/protocol';
import { childScript } from '../../../../test/support/compiled-child';
import { apiCases, mcpCases, simCases, type WireCase } from './fuzz-cases';
import { exchange, type Target } from './raw-websocket';

/**
 * The boundary fuzz: random, malformed, oversized, fragmented, invalid-UTF-8 and binary/text-confused
 * input on the human API WebSocket, `/mcp` and the embedded iTerm2-API server of a host running in its
 * own process. The host must stay up, answer well-formed calls afterwards, change no state, and its
 * JS heap and array buffers after GC must come back to the baseline taken after a warm-up run, and RSS must stop
 * growing (the second half of the cases adds ≤ 5 %, or, when glibc's one-off growth lands there, the next half does).
 */
const STRESS = process.env['STRESS'] === '1';
const RUNS = Number(process.env['FUZZ_RUNS'] ?? (STRESS ? 10_000 : 1_000));
const WARM_UP = Math.min(150, Math.ceil(RUNS / 5));
const PARALLEL = 6;
const SEED = Number(process.env['FUZZ_SEED'] ?? 18);
/** Close codes a server may send: normal, going away, protocol error, unsupported data, bad UTF-8, policy, too big, ours. */
const CLOSE_CODES = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 4401, 4408]);

interface Ready {
  port: number;
  token: string;
  simSocket: string | undefined;
}
interface Measured {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  arrayBuffers: number;
  apiConnections: number;
  mcpSessions: number;
}

let child: ChildProcess;
let ready: Ready;
let exited: number | null | undefined;

function request<T>(type: string, reply: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== reply) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the host exited (${code})`)));
    child.send({ type });
  });
}

/** A human call over a fresh, well-behaved API connection. */
async function call(name: string, input: unknown = {}): Promise<unknown> {
  const socket = new WebSocket(`ws://127.0.0.1:${ready.port}/api`, [
    WIRE_SUBPROTOCOL,
    TOKEN_SUBPROTOCOL_PREFIX + ready.token,
  ]);
  try {
    return await new Promise((resolve, reject) => {
      socket.on('error', reject);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'call', id: 1, name, input })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as {
          type: string;
          id?: number;
          ok?: boolean;
          output?: unknown;
          error?: unknown;
        };
        if (message.type !== 'result') return;
        if (message.ok) resolve(message.output);
        else reject(new Error(JSON.stringify(message.error)));
      });
    });
  } finally {
    socket.close();
  }
}

/** Everything a fuzz case must leave as it was: the fleet, the panes and their screens, the audit chain. */
async function state(): Promise<string> {
  const snapshot = (await call('fleet.snapshot')) as {
    agents: { id: string; name: string; state: string; paneId: string | null }[];
    teams: unknown[];
  };
  const panes = (await call('pane.list')) as { panes: { id: string }[] };
  const audit = (await call('audit.verify')) as { ok: boolean; checked: number };
  return JSON.stringify({
    agents: snapshot.agents.map((a) => [a.id, a.name, a.paneId]),
    teams: snapshot.teams,
    panes: panes.panes.map((p) => p.id),
    audit,
  });
}

/** Runs cases `PARALLEL` at a time; each must end (answered or closed) and, over HTTP, never with a 5xx. */
async function run(cases: WireCase[], send: (c: WireCase) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < cases.length) {
        const index = next++;
        const sample = cases[index]!;
        try {
          await send(sample);
        } catch (error) {
          throw new Error(`case ${index} (seed ${SEED}, ${sample.label}): ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
    }),
  );
  expect(exited, 'the host process exited').toBeUndefined();
}

const webSocketCase = (target: () => Target) => async (sample: WireCase) => {
  const outcome = await exchange(target(), sample.bytes);
  expect(outcome.upgraded).toBe(true);
  if (outcome.closeCode !== undefined)
    expect(CLOSE_CODES, `close code ${outcome.closeCode}`).toContain(outcome.closeCode);
};

/** Writes a raw HTTP request, half-closes, and reads the status line of whatever comes back. */
async function httpCase(sample: WireCase): Promise<void> {
  const { connect } = await import('node:net');
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const socket = connect(ready.port, '127.0.0.1');
    let head = '';
    const timer = setTimeout(
      () => (socket.destroy(), reject(new Error('no answer and no close in time'))),
      20_000,
    );
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => (head += chunk.toString('latin1').slice(0, 64)));
    socket.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      resolve(match ? Number(match[1]) : undefined);
    });
    socket.write(
      sample.bytes.toString('latin1').replace('Host: 127.0.0.1\r\n', `Host: 127.0.0.1:${ready.port}\r\n`),
      'latin1',
    );
    socket.end();
  });
  if (status !== undefined) expect(status, 'a server error').toBeLessThan(500);
}

const apiTarget = (): Target => ({
  port: ready.port,
  path: '/api',
  headers: {
    Host: `127.0.0.1:${ready.port}`,
    'Sec-WebSocket-Protocol': `${WIRE_SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${ready.token}`,
  },
});
const simTarget = (): Target => ({
  unixPath: ready.simSocket!,
  path: '/',
  headers: { Host: 'localhost', Origin: 'ws://localhost/', 'x-iterm2-library-version': 'python 2.21' },
});

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-fuzz-'));
  const script = await childScript(new URL('./fuzz-host-child.ts', import.meta.url));
  child = fork(script.path, [dataDir], {
    execArgv: ['--expose-gc', ...script.execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.once('exit', (code) => (exited = code));
  ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`the host exited before it was ready (${code})`)));
  });
}, 120_000);

afterAll(async () => {
  if (exited === undefined) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'close' });
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    child.kill();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe(
  `boundary fuzz (${RUNS} cases per boundary, seed ${SEED})`,
  { timeout: STRESS ? 3_600_000 : 900_000 },
  () => {
    it('the host stays up, changes nothing and gives its memory back, whatever arrives at /api, /mcp and the embedded server', async () => {
      expect(ready.simSocket, 'the embedded server socket').toBeDefined();
      const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number, seed: number) =>
        fc.sample(arbitrary, { numRuns: count, seed });
      const boundaries = [
        { name: '/api', cases: apiCases, send: webSocketCase(apiTarget) },
        { name: '/mcp', cases: mcpCases(ready.token), send: httpCase },
        { name: 'embedded server', cases: simCases, send: webSocketCase(simTarget) },
      ];
      // Warm-up: lazy allocations, JIT and the allocator's pools happen here, not in the measurement.
      for (const [i, b] of boundaries.entries()) await run(sample(b.cases, WARM_UP, SEED + 100 + i), b.send);
      const before = await state();
      const baseline = await request<Measured>('measure', 'measured');

      // Equal halves: memory that grows with the input grows in every half; the allocator's one-off pools do not.
      const half = Math.ceil(RUNS / 2);
      const runHalf = async (seedOffset: number) => {
        for (const [i, b] of boundaries.entries())
          await run(sample(b.cases, half, SEED + seedOffset + i), b.send);
      };
      await runHalf(0);
      const middle = await request<Measured>('measure', 'measured');
      await runHalf(50);

      expect(await state()).toBe(before);
      const after = await request<Measured>('measure', 'measured');
      // RSS growth across a half beyond 5 % of the baseline must happen again in the next halves to count: a leak grows
      // in every half, while glibc keeping freed pages is a one-off that lands in a random half when the machine is
      // starved (session 24 clean clone: +12.3 MB in the second half with the heap and array buffers flat; reproduced
      // at 0.25 core with two runs at once: +7.9 MB, the first half +4.2 MB).
      const rssBound = baseline.rss * 0.05;
      const halves = [middle, after];
      const lastGrowth = () => halves.at(-1)!.rss - halves.at(-2)!.rss;
      while (lastGrowth() > rssBound && halves.length < 4) {
        await runHalf(150 + 25 * halves.length);
        halves.push(await request<Measured>('measure', 'measured'));
      }
      if (process.env['FUZZ_REPORT'])
        process.stderr.write(`boundary fuzz: ${JSON.stringify({ runs: RUNS, baseline, halves })}\n`);
      expect(after.apiConnections).toBe(0);
      // The JS heap (where a kept request, session or buffer lives) comes back to the baseline within 10 %, and so do
      // the array buffers (a kept socket's or body's bytes), which the heap does not count.
      expect(after.heapUsed, `heap ${after.heapUsed} vs baseline ${baseline.heapUsed}`).toBeLessThanOrEqual(
        baseline.heapUsed * 1.1,
      );
      expect(after.arrayBuffers, `array buffers vs baseline ${baseline.arrayBuffers}`).toBeLessThanOrEqual(
        baseline.arrayBuffers + 256 * 1024,
      );
      // RSS (native buffers, sockets, SQLite): no growth in every half beyond 5 % of the baseline, and a
      // ceiling overall of 1.25× or 64 MiB above the baseline, whichever is more (glibc keeps some freed pages:
      // measured 1–27 MB over a ~230 MB baseline; since the host loads modules on first use — the MCP SDK's server,
      // the YAML parser, the tar writer — its baseline is ~145 MB and one-off loads met in the measured halves are a
      // larger share of it: 40 MB, 1.27×, once in the session 18 clean clone, with the second half's growth in bound).
      const ceiling = Math.max(baseline.rss * 1.25, baseline.rss + 64 * 1024 * 1024);
      const growths = halves.slice(1).map((m, i) => m.rss - halves[i]!.rss);
      expect(
        lastGrowth(),
        `RSS grew ${growths.join(', ')} B in the halves after the first`,
      ).toBeLessThanOrEqual(rssBound);
      expect(halves.at(-1)!.rss, `RSS vs baseline ${baseline.rss}`).toBeLessThanOrEqual(ceiling);
      expect(exited).toBeUndefined();
    });
  },
);
