// MCP latency, three legs, each against a baseline measured in the same run:
// 1. HTTP: a tool call to Switchboard's /mcp (an agent's token, `agent_whoami`) vs a bare SDK server on
//    node:http whose `agent_whoami` does the same work (the same orchestrator answers it) — the ratio is
//    what Switchboard's endpoint (auth, sessions, per-caller tools, error mapping) adds.
// 2. stdio: `switchboard mcp` (stdio → HTTP relay to the host) vs a bare SDK stdio server with the same
//    tool and work in one hop.
// 3. 100 agents long-polling `message_receive` over HTTP while the human sends messages: delivery
//    latency and host CPU (the host is its own process), vs 1 agent at the same message rate.
// 4. 1,000 messages agent A → agent B (B long-polls and acknowledges; bench/support/mcp-pair.ts): lost,
//    duplicated, messages per second, host CPU per message (and the relays' CPU over the socket), tool calls
//    per message, against `agent_whoami` calls on the same host in the same run. Over HTTP `/mcp` (how the
//    CLIs Switchboard spawns are wired) and over the `switchboard mcp` relay and the host's unix socket, one
//    send at a time and 16 in flight. BENCH_BEFORE_CLI=<a compiled cli.mjs of the code before a change>
//    adds the same runs with the host from that bundle (before/after in one run). BENCH_PAIR_RUNS picks runs
//    by name (see PAIR_RUNS below; also session 10's: sdk-3calls, direct-3calls, each, each16).
// BENCH_LEGS=pair (or endpoint, poll; comma-separated) runs only those legs.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { startHost } from '@switchboard/host';
import { compiledEntry } from '../apps/headless/bin/compiled-entry.js';
import { humanCaller, type Api, type Caller } from '@switchboard/protocol';
import { measure, report, summarize, type Summary, size, SMOKE } from './stats';
import { cli, cpuMs, startHostChild } from './support/host-child';
import { httpClient, stdioClient } from './support/mcp-clients';
import { PAIR_MESSAGES, pairThroughput, type PairMode } from './support/mcp-pair';

/** The stdio baseline's server (from the repository root, where benches run). */
const BARE_STDIO_SERVER = 'bench/support/bare-stdio-server.ts';
const CALLS = size('BENCH_CALLS', 500, { stress: 5_000, smoke: 5 });
const WARMUP = SMOKE ? 2 : 100;
const ROUNDS = SMOKE ? 1 : 5;
const POLLERS = size('BENCH_AGENTS', 100, { smoke: 3 });
const POLL_SECONDS = size('BENCH_SECONDS', 8, { stress: 30, smoke: 1 });
const RATE_PER_SECOND = 20;

/** Times CALLS calls of `tool`; a tool error (a refusal too) ends the bench instead of being timed as a call. */
const callTimes = (client: Client, tool: string) =>
  measure(CALLS, WARMUP, async () => {
    const result = await client.callTool({ name: tool, arguments: {} });
    if (result.isError) throw new Error(`${tool}: ${JSON.stringify(result.content)}`);
  });

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

// Legs 1 and 2: one in-process host (memory backend), its host.json lets `switchboard mcp` find it.
async function endpointLegs() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-mcp-'));
  const host = await startHost({ dataDir, backend: 'memory' });
  // A builder's rights without its rate limit (20/s, bursts of 200): the legs' thousands of calls in a row were
  // refusals past the first 200 or so, and the bench timed refusals.
  const human = (command: string, input: unknown) => host.orchestrator.invoke(humanCaller, command, input);
  const { roles } = (await human('role.list', {})) as { roles: { name: string; commands: string[] }[] };
  await human('role.update', {
    name: 'bench-mcp',
    commands: roles.find((r) => r.name === 'builder')!.commands,
    rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
  });
  const { agent, token } = await host.orchestrator.fleet.spawn({
    name: 'bench',
    kind: 'shell',
    role: 'bench-mcp',
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

  // Compiled once with the benches (scripts/bench.js), as the relay is; through tsx it compiled core on every start.
  const bareStdioCompiled = await compiledEntry('bare-stdio-server', resolve(BARE_STDIO_SERVER), {
    cacheDir: resolve('.cache/bench'),
  });
  const bareStdio = await stdioClient(
    process.execPath,
    bareStdioCompiled
      ? ['--enable-source-maps', fileURLToPath(bareStdioCompiled)]
      : ['--import', 'tsx', BARE_STDIO_SERVER],
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

/** Sends A keeps in flight in the concurrent variant (an agent's parallel tool calls, or several agents). */
const IN_FLIGHT = 16;
// Each request in flight links its own abort signal to the transport's (fetchWithScopedAbort): 16 at once is not a leak.
setMaxListeners(IN_FLIGHT + 8);
/** BENCH_LEGS=pair (comma-separated: endpoint, poll, pair): only those legs; default all. */
const LEGS = new Set((process.env['BENCH_LEGS'] ?? 'endpoint,poll,pair').split(','));
const endpoint = LEGS.has('endpoint') ? await endpointLegs() : undefined;
const now: PairMode = { commit: 'group', inFlight: 1, ackOnReceive: true, direct: true, channel: 'http' };
const BEFORE = process.env['BENCH_BEFORE_CLI'];
const before = BEFORE ? { bundle: BEFORE } : undefined;
/** Every pair run by name: over HTTP and the socket, 1 and 16 in flight, and the same from the before bundle. */
const PAIR_RUNS: Record<string, PairMode | undefined> = {
  http: now,
  socket: { ...now, channel: 'socket' },
  http16: { ...now, inFlight: IN_FLIGHT },
  socket16: { ...now, channel: 'socket', inFlight: IN_FLIGHT },
  'before-http': before && { ...now, ...before },
  'before-socket': before && { ...now, ...before, channel: 'socket' },
  'before-http16': before && { ...now, ...before, inFlight: IN_FLIGHT },
  'before-socket16': before && { ...now, ...before, channel: 'socket', inFlight: IN_FLIGHT },
  // Session 10's: every call through the SDK with a separate message_ack, direct with it, an fsync per commit.
  'sdk-3calls': { ...now, ackOnReceive: false, direct: false },
  'direct-3calls': { ...now, ackOnReceive: false },
  each: { ...now, commit: 'each' },
  each16: { ...now, commit: 'each', inFlight: IN_FLIGHT },
};
// The smoke run takes two of the four, which between them still go through both channels and both paces (one in
// flight, 16 in flight): each pair run starts a host of its own (and over the socket two relay processes).
const DEFAULT_PAIR_RUNS = (SMOKE ? ['http', 'socket16'] : ['http', 'socket', 'http16', 'socket16']).flatMap(
  (name) => [`before-${name}`, name],
);
const pairRunNames = (process.env['BENCH_PAIR_RUNS']?.split(',') ?? DEFAULT_PAIR_RUNS).filter(
  (name) => PAIR_RUNS[name] !== undefined,
);
const pairRuns: Record<string, Awaited<ReturnType<typeof pairThroughput>>> = {};
// Interleaved before/after (the list's order), so drift in the machine's load hits both alike.
if (LEGS.has('pair'))
  for (const name of pairRunNames) pairRuns[name] = await pairThroughput(PAIR_RUNS[name]!);
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
  relayCpuMsPerMessage: run.relayCpuMsPerMessage,
  callsPerMessage: run.callsPerMessage,
  whoamiHostCpuMsPerCall: run.hostCpuMsPerWhoami,
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
  ...Object.fromEntries(
    Object.entries(pairRuns).map(([name, run]) => [`${m} msgs A→B: ${name}`, pairRow(run)]),
  ),
};
for (const [label, run] of Object.entries(pairRuns))
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
  // Per run that has a `before-…` twin: host CPU per message and throughput, now / before.
  ...Object.fromEntries(
    Object.keys(pairRuns)
      .filter((name) => pairRuns[`before-${name}`])
      .map((name) => {
        const [after, was] = [pairRuns[name]!, pairRuns[`before-${name}`]!];
        return [
          `pair ${name} now/before`,
          {
            hostCpuPerMessage: after.hostCpuMsPerMessage / was.hostCpuMsPerMessage,
            perSecond: after.perSecond / was.perSecond,
            whoamiHostCpu: after.hostCpuMsPerWhoami / was.hostCpuMsPerWhoami,
          },
        ];
      }),
  ),
  // The socket (host + both relays) against HTTP (host), same code, same run.
  ...(pairRuns['socket'] &&
    pairRuns['http'] && {
      'pair socket/http host CPU per message':
        pairRuns['socket'].hostCpuMsPerMessage / pairRuns['http'].hostCpuMsPerMessage,
      'pair socket/http host+relays CPU per message':
        (pairRuns['socket'].hostCpuMsPerMessage + pairRuns['socket'].relayCpuMsPerMessage) /
        pairRuns['http'].hostCpuMsPerMessage,
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
