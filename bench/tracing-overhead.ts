// Tracing overhead on the message path: agent A's MCP `message_send` to agent B over HTTP (auth, the
// dispatcher, one durable commit), p50/p99, on two hosts in the same process and run: tracing off (no
// OTLP endpoint: the no-op tracer, no span objects) and on (the OpenTelemetry SDK exporting OTLP/HTTP to
// a local sink started here, batched as in production). Rounds alternate off/on so machine load hits
// both alike. Target (issue 23): on ≤ 1.1× off.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHost, type Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { measure, report, summarize, size, SMOKE } from './stats';

const CALLS = size('BENCH_CALLS', 300, { stress: 3_000, smoke: 5 });
const ROUNDS = SMOKE ? 1 : 5;
const WARMUP = SMOKE ? 2 : 50;

/** The OTLP/HTTP receiver: accepts every export and counts requests and bytes. */
async function otlpSink() {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
    request.on('end', () => {
      received.requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    received,
    close: () => server.close(),
  };
}

async function client(url: string, token: string): Promise<Client> {
  const mcp = new Client({ name: 'bench', version: '1' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return mcp;
}

/** A host with sender and receiver agents (a role without the builder's message rate limit) and the sender's MCP client. */
async function setup(otlpTracesUrl?: string): Promise<{ host: Host; send: () => Promise<unknown> }> {
  const host = await startHost({
    dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-trace-')),
    backend: 'memory',
    writeHostFile: false,
    ...(otlpTracesUrl ? { otlpTracesUrl } : {}),
  });
  const api = host.orchestrator;
  const { roles } = (await api.invoke(humanCaller, 'role.list', {})) as {
    roles: { name: string; commands: string[] }[];
  };
  const builder = roles.find((role) => role.name === 'builder')!;
  await api.invoke(humanCaller, 'role.update', {
    name: 'bench-sender',
    commands: builder.commands,
    mayMessage: ['bench-sender'],
    rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
  });
  const { token } = await api.fleet.spawn({ name: 'sender', kind: 'shell', role: 'bench-sender' });
  await api.fleet.spawn({ name: 'receiver', kind: 'shell', role: 'bench-sender' });
  const mcp = await client(host.mcpUrl, token);
  let k = 0;
  const send = async () => {
    const result = await mcp.callTool({
      name: 'message_send',
      arguments: { to: { agent: 'receiver' }, kind: 'event', body: `ping ${k++}` },
    });
    if (result.isError) throw new Error(`message_send failed: ${JSON.stringify(result.content)}`);
  };
  return { host, send };
}

const sink = await otlpSink();
const off = await setup();
const on = await setup(sink.url);
const samples = { off: [] as number[], on: [] as number[] };
/** Process CPU (user + system, µs) spent in each configuration's rounds: less noisy than wall time on a loaded machine. */
const cpu = { off: 0, on: 0 };
const timed = async (which: 'off' | 'on', send: () => Promise<unknown>, warmup: number) => {
  for (let i = 0; i < warmup; i++) await send();
  const before = process.cpuUsage();
  samples[which].push(...(await measure(CALLS, 0, send)));
  const used = process.cpuUsage(before);
  cpu[which] += used.user + used.system;
};
for (let round = 0; round < ROUNDS; round++) {
  await timed('off', off.send, round === 0 ? WARMUP : 0);
  await timed('on', on.send, round === 0 ? WARMUP : 0);
}
await Promise.all([off.host.close(), on.host.close()]); // the traced host flushes its last batch on close
sink.close();

const offSummary = summarize(samples.off);
const onSummary = summarize(samples.on);
await report(
  'tracing-overhead',
  {
    'message_send over MCP, tracing off (ms)': { ...offSummary },
    'message_send over MCP, tracing on, OTLP to a local sink (ms)': { ...onSummary },
    'ratio on / off': {
      n: onSummary.n,
      p50: onSummary.p50 / offSummary.p50,
      p99: onSummary.p99 / offSummary.p99,
      mean: onSummary.mean / offSummary.mean,
    },
  },
  {
    cpuMicrosecondsPerCall: {
      off: cpu.off / samples.off.length,
      on: cpu.on / samples.on.length,
      ratio: cpu.on / samples.on.length / (cpu.off / samples.off.length),
    },
    target: 'on/off p50 and p99 ≤ 1.1',
    otlp: { exports: sink.received.requests, bytes: sink.received.bytes },
    rounds: ROUNDS,
    callsPerRound: CALLS,
  },
);
