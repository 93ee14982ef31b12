/**
 * What the host keeps in memory per client cycle, and what one hostile client makes it hold. A host child (memory
 * backend, `node --inspect` on loopback: the bench reads its heap and array buffers after a full collection through the
 * inspector) is driven through its real endpoints:
 * - churn, as bytes retained per cycle ((heap after N cycles − heap after the warm-up) / N): an agent spawned, working
 *   over mcp.sock (whoami, a message to the human, a lease taken and given back) and closed; the UI's WebSocket
 *   connecting, mirroring a pane and leaving; an MCP HTTP session opened, used and ended; an mcp.sock relay coming
 *   and going;
 * - hostile, as MB held while the client stays and whether the host cut it: an mcp.sock client sending `tools/list`
 *   lines without reading; an MCP GET stream never read while the human is notified (4 KB each).
 *
 * BENCH_GROWTH_BEFORE=<checkout> runs every leg from that checkout's CLI too, taking turns with this one (the leg that
 * goes first alternates per round). Run: `npx tsx bench/host-growth.ts` (BENCH_ROUNDS rounds, default 2; BENCH_CYCLES
 * per churn leg, default 1,000). Prints JSON and a table; writes bench/results/host-growth.json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { report, size, SMOKE } from './stats';
import { phaseLog, sleep, waitFor } from './support/waiting';

const ROUNDS = size('BENCH_ROUNDS', 2, { smoke: 1 });
const CYCLES = size('BENCH_CYCLES', 1000, { smoke: 4 });
const WARM_UP = SMOKE ? 2 : 30;
const LISTS = size('BENCH_GROWTH_LISTS', 2000, { smoke: 20 });
/** Past what the loopback's socket buffers take (~10 MB here): the rest waits in the host. */
const NOTES = size('BENCH_GROWTH_NOTES', 15_000, { smoke: 20 });
const repository = resolve(import.meta.dirname, '..');
const before = process.env['BENCH_GROWTH_BEFORE'];
const trees: Record<string, string> = { now: repository, ...(before ? { before: resolve(before) } : {}) };
const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'growth', version: '1' },
};

interface HostProcess {
  port: number;
  token: string;
  socketPath: string;
  heapBytes(): Promise<number>;
  stop(): Promise<void>;
}

async function startHost(tree: string): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-growth-'));
  const cli = join(trees[tree]!, 'apps/headless/bin/switchboard.js');
  const child = spawn(
    process.execPath,
    [
      '--inspect=127.0.0.1:0',
      cli,
      'start',
      '--backend',
      'memory',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--no-open',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stop = async () => {
    child.kill('SIGTERM');
    await sleep(300);
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () => /UI:\s+\S+/.test(out) && /ws:\/\/127\.0\.0\.1:\d+\/\S+/.test(err),
      120_000,
      `${tree} host`,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}: ${out}${err}`, { cause: error });
  }
  const ui = new URL(/UI:\s+(\S+)/.exec(out)![1]!);
  const inspector = new WebSocket(/(ws:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(err)![1]!);
  await new Promise((done, fail) => inspector.once('open', done).once('error', fail));
  let next = 1;
  const post = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((done) => {
      const id = next++;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== id) return;
        inspector.off('message', onMessage);
        done(message.result ?? {});
      };
      inspector.on('message', onMessage);
      inspector.send(JSON.stringify({ id, method, params }));
    });
  return {
    port: Number(ui.port),
    token: ui.hash.replace('#token=', ''),
    socketPath: join(dataDir, 'mcp.sock'),
    async heapBytes() {
      await post('HeapProfiler.collectGarbage');
      await post('HeapProfiler.collectGarbage');
      const { result } = await post('Runtime.evaluate', {
        // Array buffers too: the SDK queues a GET stream's events as Uint8Arrays, outside the JS heap.
        expression: '(({ heapUsed, arrayBuffers }) => heapUsed + arrayBuffers)(process.memoryUsage())',
        returnByValue: true,
      });
      return (result as { value: number }).value;
    },
    async stop() {
      inspector.close();
      await stop();
    },
  };
}

/** The human's API client: one WebSocket, calls answered in order of their ids. */
async function apiClient(host: HostProcess) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, [
    'switchboard.v1',
    `switchboard.token.${host.token}`,
  ]);
  const waiting = new Map<number, (message: { ok: boolean; output?: unknown; error?: unknown }) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id: number; ok: boolean };
    if (message.type === 'result') waiting.get(message.id)?.(message);
  });
  await new Promise((done, fail) => ws.once('open', done).once('error', fail));
  let next = 0;
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const id = next++;
    const answer = await new Promise<{ ok: boolean; output?: unknown; error?: unknown }>((done) => {
      waiting.set(id, done);
      ws.send(JSON.stringify({ type: 'call', id, name, input }));
    });
    waiting.delete(id);
    if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
    return answer.output as T;
  };
  const close = () => new Promise((done) => (ws.once('close', done), ws.close()));
  return { call, close };
}

/** An mcp.sock connection that has sent its token; `lines(n)` waits for n answer lines. */
async function socketClient(host: HostProcess, token: string) {
  const socket = createConnection(host.socketPath);
  socket.on('error', () => undefined);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((done) => socket.once('connect', done));
  socket.write(`${JSON.stringify({ token })}\n`);
  /** Waits for n answer lines; an error answer (a refusal too) ends the bench instead of counting as a cycle. */
  const lines = async (n: number) => {
    await waitFor(() => text.split('\n').length > n || socket.destroyed, 30_000, `${n} mcp.sock lines`);
    const refused = text.split('\n').find((line) => /"isError":true|"error":\{"code":-/.test(line));
    if (refused) throw new Error(`mcp.sock answered an error: ${refused.slice(0, 300)}`);
  };
  return { socket, lines };
}

const rpc = (id: number, method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }) + '\n';
const tool = (id: number, name: string, args: unknown) => rpc(id, 'tools/call', { name, arguments: args });

function mcpHttp(host: HostProcess, method: string, body: string, session?: string) {
  return new Promise<string | undefined>((done, fail) => {
    const request = httpRequest(
      `http://127.0.0.1:${host.port}/mcp`,
      {
        method,
        agent: false,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${host.token}`,
          'mcp-protocol-version': '2025-06-18',
          ...(session ? { 'mcp-session-id': session } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        // An HTTP error or an error answer (a refusal too) ends the bench instead of counting as a cycle.
        response.on('end', () =>
          (response.statusCode ?? 500) >= 300 || /"isError":true|"error":\{"code":-/.test(text)
            ? fail(new Error(`${method} /mcp answered ${response.statusCode}: ${text.slice(0, 300)}`))
            : done(response.headers['mcp-session-id'] as string | undefined),
        );
      },
    );
    request.on('error', fail);
    request.end(body);
  });
}

/** An MCP HTTP session as the human: initialize, then the client's `initialized` notification. */
async function openMcpSession(host: HostProcess): Promise<string | undefined> {
  const session = await mcpHttp(host, 'POST', rpc(1, 'initialize', INIT));
  await mcpHttp(
    host,
    'POST',
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    session,
  );
  return session;
}

type Api = Awaited<ReturnType<typeof apiClient>>;
const churn: Record<string, (host: HostProcess, api: Api, i: number) => Promise<void>> = {
  async agents(host, api, i) {
    const agent = await api.call<{ id: string }>('agent.spawn', { name: `worker-${i}`, kind: 'shell' });
    const { token } = await api.call<{ token: string }>('agent.issueToken', { agent: agent.id });
    const { socket, lines } = await socketClient(host, token);
    socket.write(
      tool(1, 'agent_whoami', {}) +
        tool(2, 'message_send', { to: { human: true }, body: `done ${i}` }) +
        tool(3, 'lock_acquire', { resource: { kind: 'branch', name: `b-${i}` }, ttlMs: 60_000 }),
    );
    await lines(4);
    socket.destroy();
    await api.call('agent.close', { agent: agent.id });
  },
  async websocket(host) {
    const viewer = await apiClient(host);
    await viewer.call('pane.mirror', { target: 'watched' });
    await viewer.close();
  },
  async mcpHttp(host) {
    const session = await openMcpSession(host);
    await mcpHttp(host, 'POST', tool(2, 'agent_list', {}), session);
    await mcpHttp(host, 'DELETE', '', session);
  },
  async mcpSocket(host) {
    const { socket, lines } = await socketClient(host, host.token);
    socket.write(rpc(1, 'initialize', INIT) + tool(2, 'agent_list', {}));
    await lines(3);
    socket.destroy();
  },
};

const MB = 1024 * 1024;
/**
 * A hostile client's attack: it returns with its connection still held and unread (the heap is read then); `cut`
 * reads it afterwards and tells whether the host had ended it (a paused socket does not see its end until it reads).
 */
type Attack = (host: HostProcess, api: Api) => Promise<{ cut: () => Promise<boolean> }>;

function readToEnd(socket: Socket): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      socket.destroy();
      done(false);
    }, 2000);
    socket.once('close', () => {
      clearTimeout(timer);
      done(true);
    });
    socket.resume();
  });
}

const hostile: Record<string, Attack> = {
  /** tools/list lines (~180 KB of answer each) sent without reading a byte. */
  async unreadSocket(host) {
    const { socket, lines } = await socketClient(host, host.token);
    socket.write(rpc(0, 'initialize', INIT));
    await lines(2);
    socket.pause();
    for (let i = 0; i < LISTS && !socket.destroyed; i += 50) {
      socket.write(Array.from({ length: 50 }, (_, k) => rpc(i + k + 1, 'tools/list')).join(''));
      await sleep(10);
    }
    await sleep(500);
    return { cut: () => readToEnd(socket) };
  },
  /** An MCP GET stream never read while the human is notified, 4 KB a notification. */
  async unreadStream(host, api) {
    const session = await openMcpSession(host);
    const stream = createConnection(host.port, '127.0.0.1');
    stream.on('error', () => undefined);
    await new Promise((done) => stream.once('connect', done));
    stream.write(
      `GET /mcp HTTP/1.1\r\nhost: 127.0.0.1:${host.port}\r\naccept: text/event-stream\r\n` +
        `authorization: Bearer ${host.token}\r\nmcp-protocol-version: 2025-06-18\r\nmcp-session-id: ${session}\r\n\r\n`,
    );
    await sleep(200);
    stream.pause();
    const details = 'x'.repeat(4000);
    for (let i = 0; i < NOTES; i++) await api.call('human.notify', { summary: `note ${i}`, details });
    await sleep(500);
    return { cut: () => readToEnd(stream) };
  },
};

const log = phaseLog('host-growth');
const rows: Record<string, Record<string, number | string>> = {};
for (let round = 0; round < ROUNDS; round++) {
  const order = Object.keys(trees);
  if (round % 2 === 1) order.reverse();
  for (const tree of order) {
    const host = await startHost(tree);
    try {
      const api = await apiClient(host);
      await api.call('agent.spawn', { name: 'watched', kind: 'shell' });
      for (const [name, cycle] of Object.entries(churn)) {
        log(`${tree} ${name} #${round + 1}`);
        for (let i = 0; i < WARM_UP; i++) await cycle(host, api, i);
        const start = await host.heapBytes();
        for (let i = WARM_UP; i < WARM_UP + CYCLES; i++) await cycle(host, api, i);
        const end = await host.heapBytes();
        rows[`${tree} ${name} #${round + 1}`] = {
          bytesPerCycle: Math.round((end - start) / CYCLES),
          cycles: CYCLES,
          load: loadavg()[0]!,
        };
      }
      for (const [name, attack] of Object.entries(hostile)) {
        log(`${tree} ${name} #${round + 1}`);
        const start = await host.heapBytes();
        const { cut } = await attack(host, api);
        const end = await host.heapBytes();
        rows[`${tree} ${name} #${round + 1}`] = {
          heldMB: Math.round(((end - start) / MB) * 10) / 10,
          cut: (await cut()) ? 'yes' : 'no',
          load: loadavg()[0]!,
        };
      }
      await api.close();
    } finally {
      await host.stop();
    }
  }
}
await report('host-growth', rows, { cycles: CYCLES, warmUp: WARM_UP, lists: LISTS, notes: NOTES });
