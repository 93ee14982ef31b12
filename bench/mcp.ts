// MCP latency, three legs, each against a baseline measured in the same run:
// 1. HTTP: a tool call to Switchboard's /mcp (an agent's token, `agent_whoami`) vs a bare SDK server on
//    node:http whose `agent_whoami` does the same work (the same orchestrator answers it) — the ratio is
//    what Switchboard's endpoint (auth, sessions, per-caller tools, error mapping) adds.
// 2. stdio: `switchboard mcp` (stdio → HTTP relay to the host) vs a bare SDK stdio server with the same
//    tool and work in one hop.
// 3. 100 agents long-polling `message_receive` over HTTP while the human sends messages: delivery
//    latency and host CPU (the host is its own process), vs 1 agent at the same message rate.
// 4. 1,000 messages agent A → agent B over HTTP MCP (B long-polls and acknowledges): lost, duplicated,
//    messages per second, host CPU per message and tool calls per message, against the same count of
//    `agent_whoami` calls (one tool call each, no commit) on the same host in the same run. Runs: before
//    (every call through the SDK, a separate `message_ack`: 3 calls a message), direct tool calls with
//    the separate ack, now (direct, `ack` on B's next receive: 2 calls), now with an fsync per commit
//    (SWITCHBOARD_COMMIT=each), and 16 sends in flight with each kind of commit.
// BENCH_LEGS=pair (or endpoint, poll; comma-separated) runs only those legs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { startHost } from '@switchboard/host';
import { fetchWithScopedAbort } from '@switchboard/mcp-server/clients';
import type { Api, Caller } from '@switchboard/protocol';
import { measure, report, summarize, type Summary, size, SMOKE } from './stats';

const CALLS = size('BENCH_CALLS', 500, { stress: 5_000, smoke: 5 });
const WARMUP = SMOKE ? 2 : 100;
const ROUNDS = SMOKE ? 1 : 5;
const POLLERS = size('BENCH_AGENTS', 100, { smoke: 3 });
const PAIR_MESSAGES = size('BENCH_MESSAGES', 1_000, { smoke: 10 });
const POLL_SECONDS = size('BENCH_SECONDS', 8, { stress: 30, smoke: 1 });
const RATE_PER_SECOND = 20;
const repository = resolve(import.meta.dirname, '..');
const cli = join(repository, 'apps/headless/bin/switchboard.js');

const callTimes = (client: Client, tool: string) =>
  measure(CALLS, WARMUP, () => client.callTool({ name: tool, arguments: {} }));

async function httpClient(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
      // Node's fetch leaves an abort listener per request on the transport's signal until GC (the warning flood).
      fetch: fetchWithScopedAbort,
    }),
  );
  return client;
}

/** The SDK's own stateful Streamable HTTP server with one tool that does what Switchboard's does. */
async function bareHttpServer(api: Api, caller: Caller) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const parsed = body ? JSON.parse(body) : undefined;
    const id = req.headers['mcp-session-id'] as string | undefined;
    let transport = id ? sessions.get(id) : undefined;
    if (!transport && isInitializeRequest(parsed)) {
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sid) => void sessions.set(sid, created),
      });
      const mcp = new McpServer({ name: 'bare', version: '1' });
      mcp.registerTool('agent_whoami', { description: 'who am I' }, async () => {
        const output = (await api.invoke(caller, 'agent.whoami', {})) as Record<string, unknown>;
        return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
      });
      await mcp.connect(created);
      transport = created;
    }
    if (!transport) return void res.writeHead(400).end();
    await transport.handleRequest(req, res, parsed);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: () => server.close(),
  };
}

async function stdioClient(command: string, args: string[], env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command,
      args,
      env: { ...(process.env as Record<string, string>), ...env },
      cwd: repository,
      stderr: 'ignore',
    }),
  );
  return client;
}

// Legs 1 and 2: one in-process host (memory backend), its host.json lets `switchboard mcp` find it.
async function endpointLegs() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-mcp-'));
  const host = await startHost({ dataDir, backend: 'memory' });
  const { agent, token } = await host.orchestrator.fleet.spawn({
    name: 'bench',
    kind: 'shell',
    role: 'builder',
  });
  const caller: Caller = { kind: 'agent', id: agent.id };

  const bare = await bareHttpServer(host.orchestrator, caller);
  const bareHttp = await httpClient(bare.url);
  const ours = await httpClient(host.mcpUrl, token);
  // Interleaved rounds so drift (GC, CPU frequency) hits both sides alike.
  const httpBare: number[] = [];
  const httpOurs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    httpBare.push(...(await callTimes(bareHttp, 'agent_whoami')));
    httpOurs.push(...(await callTimes(ours, 'agent_whoami')));
  }
  await Promise.all([bareHttp.close(), ours.close()]);
  bare.close();

  const bareStdio = await stdioClient(
    process.execPath,
    ['--import', 'tsx', 'bench/support/bare-stdio-server.ts'],
    {},
  );
  const ourStdio = await stdioClient(process.execPath, [cli, 'mcp'], {
    SWITCHBOARD_TOKEN: token,
    SWITCHBOARD_DATA_DIR: dataDir,
  });
  // The relay as it was before the unix socket (stdio → an HTTP request per message), for the record.
  const ourStdioHttp = await stdioClient(process.execPath, [cli, 'mcp'], {
    SWITCHBOARD_TOKEN: token,
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_MCP_TRANSPORT: 'http',
  });
  const stdioBare: number[] = [];
  const stdioOurs: number[] = [];
  const stdioOursHttp: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    stdioBare.push(...(await callTimes(bareStdio, 'agent_whoami')));
    stdioOurs.push(...(await callTimes(ourStdio, 'agent_whoami')));
    stdioOursHttp.push(...(await callTimes(ourStdioHttp, 'agent_whoami')));
  }
  await Promise.all([bareStdio.close(), ourStdio.close(), ourStdioHttp.close()]);
  await host.close();
  return { httpBare, httpOurs, stdioBare, stdioOurs, stdioOursHttp };
}

// Leg 3: the host as its own process, so its CPU is its own.
interface HostChild {
  child: ChildProcess;
  mcpUrl: string;
  token: string;
}
/** Hosts started as children: killed when the bench ends in any way (a bench stopped by a timeout left them running). */
const hostChildren = new Set<ChildProcess>();
const killHostChildren = () => {
  for (const child of hostChildren) child.kill('SIGKILL');
};
process.on('exit', killHostChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));

/** BENCH_HOST_CPU_PROF=<folder>: the A→B hosts write a CPU profile there when they stop (`node --cpu-prof`). */
const HOST_PROFILES = process.env['BENCH_HOST_CPU_PROF'];

async function startHostChild(env: Record<string, string> = {}, profiled = false): Promise<HostChild> {
  const child = spawn(
    process.execPath,
    [
      ...(profiled && HOST_PROFILES ? ['--cpu-prof', `--cpu-prof-dir=${HOST_PROFILES}`] : []),
      cli,
      'start',
      '--no-open',
      '--port',
      '0',
      '--backend',
      'memory',
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'sb-bench-poll-')),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  hostChildren.add(child);
  child.once('exit', () => hostChildren.delete(child));
  let out = '';
  return new Promise((done, fail) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const ui = /UI:\s+(\S+)/.exec(out)?.[1];
      const mcp = /MCP:\s+(\S+)/.exec(out)?.[1];
      if (ui && mcp) done({ child, mcpUrl: mcp, token: new URL(ui).hash.replace('#token=', '') });
    });
    child.once('exit', (code) => fail(new Error(`host exited ${code}: ${out}`)));
  });
}

/** utime + stime of a process in ms (Linux /proc; clock ticks are 100 Hz on every Linux we run). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

async function longPoll(
  agents: number,
): Promise<{ delivery: Summary; hostCpuPercent: number; sent: number; received: number }> {
  const hostChild = await startHostChild();
  const human = await httpClient(hostChild.mcpUrl, hostChild.token);
  const call = async (client: Client, name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
    return result.structuredContent as Record<string, unknown>;
  };
  const names: string[] = [];
  const pollers: Client[] = [];
  for (let i = 0; i < agents; i++) {
    const name = `poller-${i}`;
    await call(human, 'agent_spawn', { name, kind: 'shell' });
    const { token: agentToken } = (await call(human, 'agent_issueToken', { agent: name })) as {
      token: string;
    };
    names.push(name);
    pollers.push(await httpClient(hostChild.mcpUrl, agentToken));
  }
  const latencies: number[] = [];
  let running = true;
  const loops = pollers.map(async (client) => {
    while (running) {
      const { messages } = (await call(client, 'message_receive', { wait: 2 })) as {
        messages: { id: string; body: string }[];
      };
      const now = performance.now();
      for (const m of messages) latencies.push(now - Number(m.body.split(' ')[1]));
      if (messages.length > 0) await call(client, 'message_ack', { messageIds: messages.map((m) => m.id) });
    }
  });
  await new Promise((r) => setTimeout(r, 500)); // every poller is waiting
  const cpuBefore = cpuMs(hostChild.child.pid!);
  const wallBefore = performance.now();
  let sent = 0;
  const total = POLL_SECONDS * RATE_PER_SECOND;
  while (sent < total) {
    const target = names[sent % names.length]!;
    await call(human, 'message_send', {
      to: { agent: target },
      body: `t ${performance.now()}`,
      kind: 'notification',
      typeIntoPane: 'never',
      dedupe: false,
    });
    sent++;
    const due = wallBefore + (sent * 1000) / RATE_PER_SECOND;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  const deadline = performance.now() + 5_000;
  while (latencies.length < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const hostCpuPercent = ((cpuMs(hostChild.child.pid!) - cpuBefore) / (performance.now() - wallBefore)) * 100;
  running = false;
  await Promise.race([Promise.allSettled(loops), new Promise((r) => setTimeout(r, 3_000))]);
  await Promise.allSettled([human.close(), ...pollers.map((p) => p.close())]);
  hostChild.child.kill('SIGTERM');
  return { delivery: summarize(latencies), hostCpuPercent, sent, received: latencies.length };
}

/** How a pair run talks to the host. */
interface PairMode {
  /** SWITCHBOARD_COMMIT of the host. */
  commit: 'group' | 'each';
  /** A's sends in flight (1: one after another, as an agent that waits for each tool call). */
  inFlight: number;
  /** `ack` on B's next receive (2 calls a message), or a separate `message_ack` (3, as before). */
  ackOnReceive: boolean;
  /** SWITCHBOARD_MCP_DIRECT: plain tool calls answered by the endpoint itself, or all through the SDK (before). */
  direct: boolean;
}

/** A sends PAIR_MESSAGES to B; B receives (long-poll) and acknowledges in its own loop. */
async function pairThroughput(mode: PairMode): Promise<{
  lost: number;
  duplicated: number;
  perSecond: number;
  hostCpuMsPerMessage: number;
  callsPerMessage: number;
  whoamiPerSecond: number;
  hostCpuMsPerWhoami: number;
}> {
  const hostChild = await startHostChild(
    { SWITCHBOARD_COMMIT: mode.commit, SWITCHBOARD_MCP_DIRECT: mode.direct ? 'on' : 'off' },
    true,
  );
  const human = await httpClient(hostChild.mcpUrl, hostChild.token);
  // 1,000 sends in a row is far over any agent's rate limit: a role of the bench's own, the builder's rights without it.
  const { roles } = (await human.callTool({ name: 'role_list', arguments: {} })).structuredContent as {
    roles: { name: string; commands: string[] }[];
  };
  const builder = roles.find((r) => r.name === 'builder')!;
  const unlimited = { perMinute: 1_000_000, burst: 1_000_000 };
  const roleSet = await human.callTool({
    name: 'role_update',
    arguments: {
      name: 'bench-pair',
      commands: builder.commands,
      mayMessage: ['bench-pair'],
      rateLimit: unlimited,
    },
  });
  if (roleSet.isError) throw new Error(`role_update: ${JSON.stringify(roleSet.content)}`);
  const tokenOf = async (name: string) => {
    await human.callTool({ name: 'agent_spawn', arguments: { name, kind: 'shell', role: 'bench-pair' } });
    return (
      (await human.callTool({ name: 'agent_issueToken', arguments: { agent: name } })).structuredContent as {
        token: string;
      }
    ).token;
  };
  const a = await httpClient(hostChild.mcpUrl, await tokenOf('pair-a'));
  const b = await httpClient(hostChild.mcpUrl, await tokenOf('pair-b'));
  const seen = new Map<string, number>();
  let receiving = true;
  let calls = 0;
  const receiver = (async () => {
    let acked: number | undefined;
    while (receiving || seen.size < PAIR_MESSAGES) {
      const args = mode.ackOnReceive && acked !== undefined ? { wait: 1, ack: acked } : { wait: 1 };
      const result = await b.callTool({ name: 'message_receive', arguments: args });
      calls++;
      if (result.isError) throw new Error(`message_receive: ${JSON.stringify(result.content)}`);
      const { messages, nextCursor } = result.structuredContent as {
        messages: { id: string; body: string }[];
        nextCursor: number;
      };
      for (const m of messages) seen.set(m.body, (seen.get(m.body) ?? 0) + 1);
      if (messages.length && mode.ackOnReceive) acked = nextCursor;
      else if (messages.length) {
        await b.callTool({ name: 'message_ack', arguments: { messageIds: messages.map((m) => m.id) } });
        calls++;
      }
      if (!receiving && messages.length === 0) break;
    }
  })();
  const pid = hostChild.child.pid!;
  const whoamiCpu = cpuMs(pid);
  const whoamiStart = performance.now();
  for (let i = 0; i < PAIR_MESSAGES; i++) await a.callTool({ name: 'agent_whoami', arguments: {} });
  const whoamiWall = performance.now() - whoamiStart;
  const whoamiCpuMs = cpuMs(pid) - whoamiCpu;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    for (let i = next++; i < PAIR_MESSAGES; i = next++) {
      const sent = await a.callTool({
        name: 'message_send',
        arguments: {
          to: { agent: 'pair-b' },
          body: `m${i}`,
          kind: 'event',
          typeIntoPane: 'never',
          dedupe: false,
        },
      });
      if (sent.isError) throw new Error(`message_send: ${JSON.stringify(sent.content)}`);
    }
  };
  await Promise.all(Array.from({ length: mode.inFlight }, sender));
  const deadline = performance.now() + 30_000;
  while (seen.size < PAIR_MESSAGES && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  const wall = performance.now() - started;
  const cpu = cpuMs(pid) - cpuBefore;
  const receiveCalls = calls;
  receiving = false;
  await Promise.race([receiver, new Promise((r) => setTimeout(r, 3_000))]);
  await Promise.allSettled([a.close(), b.close(), human.close()]);
  hostChild.child.kill('SIGTERM');
  return {
    lost: PAIR_MESSAGES - seen.size,
    duplicated: [...seen.values()].filter((n) => n > 1).length,
    perSecond: (PAIR_MESSAGES * 1000) / wall,
    hostCpuMsPerMessage: cpu / PAIR_MESSAGES,
    // A's sends, and B's receives and acks until the last message arrived.
    callsPerMessage: (PAIR_MESSAGES + receiveCalls) / PAIR_MESSAGES,
    whoamiPerSecond: (PAIR_MESSAGES * 1000) / whoamiWall,
    hostCpuMsPerWhoami: whoamiCpuMs / PAIR_MESSAGES,
  };
}

/** Sends A keeps in flight in the concurrent variant (an agent's parallel tool calls, or several agents). */
const IN_FLIGHT = 16;
// Each request in flight links its own abort signal to the transport's (fetchWithScopedAbort): 16 at once is not a leak.
setMaxListeners(IN_FLIGHT + 8);
/** BENCH_LEGS=pair (comma-separated: endpoint, poll, pair): only those legs; default all. */
const LEGS = new Set((process.env['BENCH_LEGS'] ?? 'endpoint,poll,pair').split(','));
const endpoint = LEGS.has('endpoint') ? await endpointLegs() : undefined;
const now = { commit: 'group', inFlight: 1, ackOnReceive: true, direct: true } as const;
const pairRuns = LEGS.has('pair')
  ? {
      // Before this change: every call through the SDK's transport and server, a separate message_ack.
      before: await pairThroughput({ ...now, ackOnReceive: false, direct: false }),
      directThreeCalls: await pairThroughput({ ...now, ackOnReceive: false }),
      now: await pairThroughput(now),
      each: await pairThroughput({ ...now, commit: 'each' }),
      concurrent: await pairThroughput({ ...now, inFlight: IN_FLIGHT }),
      eachConcurrent: await pairThroughput({ ...now, commit: 'each', inFlight: IN_FLIGHT }),
    }
  : undefined;
const polls = LEGS.has('poll') ? { one: await longPoll(1), many: await longPoll(POLLERS) } : undefined;

const row = (s: Summary, extra: Record<string, number> = {}): Record<string, number> => ({
  n: s.n,
  p50: s.p50,
  p99: s.p99,
  mean: s.mean,
  ...extra,
});
type PairRun = Awaited<ReturnType<typeof pairThroughput>>;
const pairRow = (run: PairRun) => ({
  n: PAIR_MESSAGES,
  lost: run.lost,
  duplicated: run.duplicated,
  perSecond: run.perSecond,
  hostCpuMsPerMessage: run.hostCpuMsPerMessage,
  callsPerMessage: run.callsPerMessage,
});
const whoamiRow = (run: PairRun) => ({
  n: PAIR_MESSAGES,
  perSecond: run.whoamiPerSecond,
  hostCpuMsPerCall: run.hostCpuMsPerWhoami,
});
const m = PAIR_MESSAGES;
const rows: Record<string, Record<string, number>> = {
  ...(endpoint && {
    'http: bare SDK, same tool': row(summarize(endpoint.httpBare)),
    'http: switchboard /mcp': row(summarize(endpoint.httpOurs)),
    'stdio: bare SDK, same tool': row(summarize(endpoint.stdioBare)),
    'stdio: switchboard mcp relay (unix socket)': row(summarize(endpoint.stdioOurs)),
    'stdio: switchboard mcp relay over HTTP (before)': row(summarize(endpoint.stdioOursHttp)),
  }),
  ...(polls && {
    'delivery, 1 agent polling': row(polls.one.delivery, { hostCpuPercent: polls.one.hostCpuPercent }),
    [`delivery, ${POLLERS} agents polling`]: row(polls.many.delivery, {
      hostCpuPercent: polls.many.hostCpuPercent,
    }),
  }),
  ...(pairRuns && {
    [`${m} msgs A→B, before: SDK path, receive + ack (3 calls/msg)`]: pairRow(pairRuns.before),
    [`${m} agent_whoami calls, SDK path (baseline)`]: whoamiRow(pairRuns.before),
    [`${m} msgs A→B, direct tool calls, receive + ack`]: pairRow(pairRuns.directThreeCalls),
    [`${m} msgs A→B, now: direct, ack on next receive (2 calls/msg)`]: pairRow(pairRuns.now),
    [`${m} agent_whoami calls, direct (baseline)`]: whoamiRow(pairRuns.now),
    [`${m} msgs A→B, now, an fsync per commit (SWITCHBOARD_COMMIT=each)`]: pairRow(pairRuns.each),
    [`${m} msgs A→B, now, ${IN_FLIGHT} sends in flight`]: pairRow(pairRuns.concurrent),
    [`${m} msgs A→B, now, ${IN_FLIGHT} in flight, an fsync per commit`]: pairRow(pairRuns.eachConcurrent),
  }),
};
for (const [label, run] of Object.entries(pairRuns ?? {}))
  if (run.lost !== 0 || run.duplicated !== 0)
    throw new Error(`A→B (${label}): ${run.lost} lost, ${run.duplicated} duplicated`);
const ratio = (a: Summary, b: Summary) => ({ p50: a.p50 / b.p50, p99: a.p99 / b.p99 });
const ratios = {
  ...(endpoint && {
    http: ratio(summarize(endpoint.httpOurs), summarize(endpoint.httpBare)),
    stdio: ratio(summarize(endpoint.stdioOurs), summarize(endpoint.stdioBare)),
    stdioOverHttpBefore: ratio(summarize(endpoint.stdioOursHttp), summarize(endpoint.stdioBare)),
  }),
  ...(polls && { delivery: ratio(polls.many.delivery, polls.one.delivery) }),
  ...(pairRuns && {
    pairCpuPerMessageNowVsBefore: pairRuns.now.hostCpuMsPerMessage / pairRuns.before.hostCpuMsPerMessage,
    pairPerSecondNowVsBefore: pairRuns.now.perSecond / pairRuns.before.perSecond,
    whoamiCpuDirectVsSdk: pairRuns.now.hostCpuMsPerWhoami / pairRuns.before.hostCpuMsPerWhoami,
    groupCommitSpeedup: pairRuns.now.perSecond / pairRuns.each.perSecond,
    groupCommitSpeedupConcurrent: pairRuns.concurrent.perSecond / pairRuns.eachConcurrent.perSecond,
  }),
};
await report('mcp', rows, {
  calls: CALLS * ROUNDS,
  legs: [...LEGS],
  ratios,
  pairRuns,
  loadAverage: (await import('node:os')).loadavg(),
  ...(polls && {
    longPoll: {
      agents: POLLERS,
      seconds: POLL_SECONDS,
      ratePerSecond: RATE_PER_SECOND,
      sent: polls.many.sent,
      received: polls.many.received,
    },
  }),
  target:
    'http <= 1.3x the bare SDK server, stdio <= 2x the bare stdio server; A→B >= 1,000 msg/s, <= 0.5 ms host CPU per message',
});
console.log(JSON.stringify(ratios));
process.exit(0);
