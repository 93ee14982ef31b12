// The host's CPU per MCP tool call and per message over HTTP `/mcp` (how the Claude Code, Codex and Gemini
// CLI agents Switchboard spawns reach it), measured with clients that cost almost nothing
// (support/raw-mcp-client.ts: requests written by hand on a keep-alive connection), so the host's own work
// is what is counted on this 2-core box, not the SDK client's. Baselines in the same run:
// - the floor: node:http answering every call with a fixed body (support/bare-http-server.mjs);
// - the same calls over the host's unix socket (one JSON-RPC line each way, no HTTP);
// - BENCH_BEFORE_CLI=<a compiled cli.mjs of the code before a change>: the same runs on a host from that
//   bundle, interleaved round by round with this checkout's (or BENCH_NOW_CLI's).
// Legs per host: `agent_whoami` one call at a time (HTTP, socket); MESSAGES A→B over HTTP, A waiting for each
// send, and with 16 sends in flight (16 connections), then that leg again on the warm host (the goal's row is
// the first); B long-polls `message_receive` with `ack`. Host CPU from
// /proc/<pid>/stat (all its threads: the fsyncs, GC); lost and duplicated messages must be 0. Sleeps: how often
// the host's threads went to sleep (voluntary context switches), per call or message: each is a wake-up, which
// costs more on an idle machine than on a loaded one (docs/performance.md, session 23).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { report, size, SMOKE } from './stats';
import { cpuMs, sleeps, startHostChild } from './support/host-child';
import { httpClient } from './support/mcp-clients';
import { rawHttpCaller, rawSocketCaller, type RawCall } from './support/raw-mcp-client';

const CALLS = size('BENCH_CALLS', 3_000, { smoke: 20 });
const MESSAGES = size('BENCH_MESSAGES', 1_000, { smoke: 10 });
const ROUNDS = size('BENCH_ROUNDS', 3, { smoke: 1 });
const IN_FLIGHT = 16;
const BEFORE = process.env['BENCH_BEFORE_CLI'];
/** BENCH_NOW_CLI=<a compiled cli.mjs>: the "now" hosts from that bundle instead of this checkout (two fixed builds compared). */
const NOW = process.env['BENCH_NOW_CLI'];

type Row = Record<string, number>;

/** CPU ms of the host's main thread alone (JavaScript, the event loop); the rest is libuv's pool (fsyncs), GC, … */
const mainThreadMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** `calls` calls spread over the callers (each one call at a time): host CPU ms per call and calls per second. */
async function timed(pid: number, count: number, callers: (() => Promise<unknown>)[]): Promise<Row> {
  const warm = Math.min(100, count);
  for (const call of callers) for (let i = 0; i < warm / callers.length; i++) await call();
  const cpu = cpuMs(pid);
  const slept = sleeps(pid).all;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    callers.map(async (call) => {
      while (next++ < count) await call();
    }),
  );
  const wall = performance.now() - started;
  return {
    hostCpuMsPerCall: (cpuMs(pid) - cpu) / count,
    perSecond: (count * 1000) / wall,
    sleepsPerCall: (sleeps(pid).all - slept) / count,
  };
}

/**
 * The floor: node:http answering every call with a fixed body, one call at a time on one connection, and
 * with IN_FLIGHT connections each one call at a time (the pattern of the 16-in-flight message leg: what
 * node:http alone costs per call there, so the host's own work per message is the rest).
 */
async function floor(): Promise<{ one: Row; inFlight: Row }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'support/bare-http-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve) =>
      child.stdout!.on('data', (d) => {
        const found = /MCP: (\S+)/.exec(String(d));
        if (found) resolve(found[1]!);
      }),
    );
    const callers = Array.from({ length: IN_FLIGHT }, () =>
      rawHttpCaller(url, { 'mcp-session-id': 'floor' }),
    );
    const one = await timed(child.pid!, CALLS, [() => callers[0]!('agent_whoami')]);
    const inFlight = await timed(
      child.pid!,
      Math.max(CALLS, MESSAGES),
      callers.map((call) => () => call('agent_whoami')),
    );
    for (const call of callers) call.close();
    return { one, inFlight };
  } finally {
    child.kill('SIGKILL');
  }
}

/** A host (this checkout's, or the bundle's) with agents A and B on a role without a rate limit. */
async function hostRuns(bundle: string | undefined): Promise<Record<string, Row>> {
  const host = await startHostChild({ profiled: true, ...(bundle ? { bundle } : {}) });
  const pid = host.child.pid!;
  const closers: (() => unknown)[] = [];
  try {
    const human = await httpClient(host.mcpUrl, host.token);
    closers.push(() => human.close());
    const tool = async (name: string, args: Record<string, unknown>) => {
      const result = await human.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
      return result.structuredContent as Record<string, unknown>;
    };
    const { roles } = (await tool('role_list', {})) as { roles: { name: string; commands: string[] }[] };
    await tool('role_update', {
      name: 'bench-http',
      commands: roles.find((r) => r.name === 'builder')!.commands,
      mayMessage: ['bench-http'],
      rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
    });
    const agent = async (name: string) => {
      await tool('agent_spawn', { name, kind: 'shell', role: 'bench-http' });
      const { token } = (await tool('agent_issueToken', { agent: name })) as { token: string };
      // An MCP session opened the ordinary way (initialize through the SDK); the calls then go raw on it.
      const client = await httpClient(host.mcpUrl, token);
      closers.push(() => client.close());
      const session = (client.transport as StreamableHTTPClientTransport).sessionId!;
      const headers = {
        authorization: `Bearer ${token}`,
        'mcp-session-id': session,
        'mcp-protocol-version': '2025-06-18',
      };
      const connection = () => {
        const caller = rawHttpCaller(host.mcpUrl, headers);
        closers.push(caller.close);
        return caller;
      };
      return { token, connection };
    };
    const a = await agent('http-a');
    const b = await agent('http-b');
    const rows: Record<string, Row> = {};
    const whoami = a.connection();
    rows['agent_whoami over HTTP'] = await timed(pid, CALLS, [() => whoami('agent_whoami')]);
    const socket = await rawSocketCaller(join(host.dataDir, 'mcp.sock'), a.token);
    closers.push(socket.close);
    rows['agent_whoami over the socket'] = await timed(pid, CALLS, [() => socket('agent_whoami')]);
    const receiver = b.connection();
    let serial = 0;
    for (const inFlight of [1, IN_FLIGHT]) {
      const senders = Array.from({ length: inFlight }, () => a.connection());
      const run = `m${serial++}-`;
      rows[`messages A→B over HTTP, ${inFlight} in flight`] = await messages(pid, run, senders, receiver);
    }
    // The 16-in-flight leg once more: the first run pays V8 compiling the group path (the optimizing
    // compiler's threads were ~25 % of the host's CPU in it, session 18's perf), this one the work itself.
    rows[`messages A→B over HTTP, ${IN_FLIGHT} in flight, again (warm)`] = await messages(
      pid,
      `m${serial++}-`,
      Array.from({ length: IN_FLIGHT }, () => a.connection()),
      receiver,
    );
    return rows;
  } finally {
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
    // Waited for: a profiled host writes its profile as it exits (the bench's own exit would SIGKILL it).
    const exited = new Promise((resolve) => host.child.once('exit', resolve));
    host.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
}

async function messages(pid: number, run: string, senders: RawCall[], receiver: RawCall): Promise<Row> {
  const seen = new Map<string, number>();
  let receiving = true;
  let receives = 0;
  const received = (async () => {
    let ack: number | undefined;
    while (receiving || seen.size < MESSAGES) {
      const { messages, nextCursor } = (await receiver('message_receive', {
        wait: 1,
        ...(ack !== undefined ? { ack } : {}),
      })) as { messages: { body: string }[]; nextCursor: number };
      receives++;
      for (const m of messages) if (m.body.startsWith(run)) seen.set(m.body, (seen.get(m.body) ?? 0) + 1);
      if (messages.length) ack = nextCursor;
      else if (!receiving) break;
    }
  })();
  const cpu = cpuMs(pid);
  const main = mainThreadMs(pid);
  const slept = sleeps(pid);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    senders.map(async (send) => {
      for (let i = next++; i < MESSAGES; i = next++)
        await send('message_send', {
          to: { agent: 'http-b' },
          body: `${run}${i}`,
          kind: 'event',
          typeIntoPane: 'never',
          dedupe: false,
        });
    }),
  );
  const deadline = performance.now() + 30_000;
  while (seen.size < MESSAGES && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  const wall = performance.now() - started;
  const hostCpu = cpuMs(pid) - cpu;
  const mainCpu = mainThreadMs(pid) - main;
  const { all, main: mainSlept } = sleeps(pid);
  const calls = MESSAGES + receives;
  receiving = false;
  await received;
  return {
    hostCpuMsPerMessage: hostCpu / MESSAGES,
    mainThreadMsPerMessage: mainCpu / MESSAGES,
    perSecond: (MESSAGES * 1000) / wall,
    callsPerMessage: calls / MESSAGES,
    sleepsPerMessage: (all - slept.all) / MESSAGES,
    mainThreadSleepsPerMessage: (mainSlept - slept.main) / MESSAGES,
    lost: MESSAGES - seen.size,
    duplicated: [...seen.values()].filter((n) => n > 1).length,
  };
}

const rounds: { floor: Row; floorInFlight: Row; now: Record<string, Row>; before?: Record<string, Row> }[] =
  [];
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so drift in the machine's load hits every side alike, and the side that goes first swaps
  // every round (an even BENCH_ROUNDS balances it): with "before" always first, whichever build ran first
  // measured 8-15 % more on the one-at-a-time leg in two runs with the two builds swapped (session 18).
  const beforeFirst = round % 2 === 0;
  const before = BEFORE && beforeFirst ? await hostRuns(BEFORE) : undefined;
  const bare = await floor();
  const now = await hostRuns(NOW);
  const beforeLast = BEFORE && !beforeFirst ? await hostRuns(BEFORE) : undefined;
  const side = before ?? beforeLast;
  rounds.push({ floor: bare.one, floorInFlight: bare.inFlight, now, ...(side ? { before: side } : {}) });
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
/** Each measure's median over the rounds. */
const medianRow = (rows: Row[]): Row =>
  Object.fromEntries(Object.keys(rows[0]!).map((key) => [key, median(rows.map((r) => r[key]!))]));
const rows: Record<string, Row> = {
  'floor: node:http, fixed answer': medianRow(rounds.map((r) => r.floor)),
  [`floor: node:http, fixed answer, ${IN_FLIGHT} in flight`]: medianRow(rounds.map((r) => r.floorInFlight)),
};
for (const side of ['before', 'now'] as const)
  if (rounds[0]![side])
    for (const leg of Object.keys(rounds[0]![side]!))
      rows[`${side}: ${leg}`] = medianRow(rounds.map((r) => r[side]![leg]!));
for (const [label, row] of Object.entries(rows))
  if (row['lost'] || row['duplicated'])
    throw new Error(`${label}: ${row['lost']} lost, ${row['duplicated']} duplicated`);

const cpuOf = (row: Row | undefined) => row?.['hostCpuMsPerCall'] ?? row?.['hostCpuMsPerMessage'] ?? NaN;
const ratios: Record<string, number> = {
  'now whoami HTTP / floor':
    cpuOf(rows['now: agent_whoami over HTTP']) / cpuOf(rows['floor: node:http, fixed answer']),
  'now whoami HTTP / socket':
    cpuOf(rows['now: agent_whoami over HTTP']) / cpuOf(rows['now: agent_whoami over the socket']),
  // Per message at 16 in flight against node:http's own cost per call with the same concurrency.
  [`now ${IN_FLIGHT} in flight per message / floor per call`]:
    cpuOf(rows[`now: messages A→B over HTTP, ${IN_FLIGHT} in flight`]) /
    cpuOf(rows[`floor: node:http, fixed answer, ${IN_FLIGHT} in flight`]),
};
/**
 * Each leg's now / before paired round by round (both sides ran back to back, so the machine's drift between rounds
 * cancels): the median of the rounds' ratios and in how many rounds now cost more. Unchanged code moved 10-25 %
 * between rounds at load 10-25 (session 23), so a change reads as real only when most rounds agree.
 */
const paired: Record<string, { medianRatio: number; nowDearerInRounds: string }> = {};
if (BEFORE)
  for (const leg of Object.keys(rounds[0]!.now)) {
    ratios[`${leg}: host CPU now / before`] = cpuOf(rows[`now: ${leg}`]) / cpuOf(rows[`before: ${leg}`]);
    const each = rounds.map((r) => cpuOf(r.now[leg]) / cpuOf(r.before![leg]));
    paired[leg] = {
      medianRatio: median(each),
      nowDearerInRounds: `${each.filter((ratio) => ratio > 1).length} of ${each.length}`,
    };
  }
await report('http-call-cpu', rows, {
  rounds: ROUNDS,
  calls: CALLS,
  messages: MESSAGES,
  before: BEFORE ?? null,
  now: NOW ?? null,
  ratios,
  paired,
  perRound: rounds,
  loadAverage: loadavg(),
  smoke: SMOKE,
  target: 'A→B over HTTP >= 1,000 msg/s at <= 0.5 ms host CPU per message',
});
console.log(JSON.stringify({ ratios, paired }));
process.exit(0);
