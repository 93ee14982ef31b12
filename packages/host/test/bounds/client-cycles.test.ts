import { request as httpRequest } from 'node:http';
import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keptOnPurpose, liveCollections } from '@switchboard/core/testing';
import { humanCaller } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { connect, startTestHost } from '../host-fixture';

const STRESS = process.env['STRESS'] === '1';
const CYCLES = STRESS ? 1_000 : 30;
const WARM_UP = 10;

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'cycles', version: '1' },
};
const rpc = (id: number, method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });

/**
 * One MCP request on its own connection (no keep-alive: a census pauses the process for seconds, and a pooled
 * connection the host closed meanwhile would be reused and reset). Returns the session id header and the body.
 */
function mcp(h: Host, token: string, method: 'POST' | 'DELETE', body: string, sessionId?: string) {
  return new Promise<{ session: string | undefined; text: string }>((resolve, reject) => {
    const request = httpRequest(
      h.mcpUrl,
      {
        method,
        agent: false,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${token}`,
          'mcp-protocol-version': '2025-06-18',
          ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 300)
            reject(new Error(`${method} answered ${response.statusCode}`));
          else resolve({ session: response.headers['mcp-session-id'] as string | undefined, text });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs warm-up cycles, marks, runs `CYCLES` more, and returns what grew by half the cycles or more. */
async function grownOver(cycle: (i: number) => Promise<void>, settled: () => Promise<void>) {
  for (let i = 0; i < WARM_UP; i++) await cycle(i);
  await settled();
  // Maps and Sets: what a connection or session adds to is keyed state (arrays make a census ~5× dearer).
  const census = await liveCollections({ arrays: false });
  try {
    for (let i = WARM_UP; i < WARM_UP + CYCLES; i++) await cycle(i);
    await settled();
    return (await census.grown(CYCLES / 2)).filter((c) => !keptOnPurpose(c));
  } finally {
    census.close();
  }
}

/**
 * A builder's rights without its rate limit (20/s, bursts of 200): a cycle's calls come as fast as the host answers,
 * and past the limit every answer is a refusal, which would measure refusals instead of the calls.
 */
async function unlimitedBuilder(h: Host, name: string): Promise<string> {
  const human = (command: string, input: unknown) => h.orchestrator.invoke(humanCaller, command, input);
  const { roles } = (await human('role.list', {})) as { roles: { name: string; commands: string[] }[] };
  const builder = roles.find((r) => r.name === 'builder')!;
  const unlimited = { perMinute: 1_000_000, burst: 1_000_000 };
  await human('role.update', { name, commands: builder.commands, rateLimit: unlimited });
  return name;
}

/** An `agent_whoami` answer that is the caller's own record, not an error (a refusal is a tool error too). */
function expectWhoami(text: string, agentId: string) {
  expect(text).toContain(agentId);
  expect(text).not.toMatch(/"isError":\s*true/);
}

/** Waits for `check` (20 s at most, then fails naming `what`: it returned silently after 5 s before). */
const until = (check: () => boolean, what: string) =>
  expect.poll(check, { timeout: 20_000, interval: 10, message: what }).toBe(true);

// STRESS's 1,000 cycles of an agent over mcp.sock, or of an MCP session over HTTP, took over 120 s at load 17-20.
const timeout = STRESS ? 600_000 : 120_000;
describe("the host's memory: clients that come and go leave nothing behind", { timeout }, () => {
  it(`agents spawned, calling over mcp.sock, closed: ${CYCLES} times`, async () => {
    ({ host } = await startTestHost());
    const h = host;
    const grown = await grownOver(
      async (i) => {
        const { agent, token } = await h.orchestrator.fleet.spawn({
          name: `w-${i}`,
          kind: 'shell',
          role: 'builder',
        });
        const socket = createConnection(h.mcpSocketPath!);
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        await new Promise((r) => socket.once('connect', r));
        socket.write(`${JSON.stringify({ token })}\n`);
        socket.write(
          `${rpc(1, 'tools/call', { name: 'agent_whoami', arguments: {} })}\n` +
            `${rpc(2, 'tools/call', { name: 'message_send', arguments: { to: { human: true }, body: `hi ${i}` } })}\n`,
        );
        await until(() => text.split('\n').length > 3, 'three lines');
        socket.destroy();
        await h.orchestrator.invoke({ kind: 'human', id: 'human' }, 'agent.close', { agent: agent.id });
      },
      async () => {
        await until(() => h.mcpSocketConnectionCount === 0, 'no mcp.sock connection left');
        // A closed agent's last recording chunk is written with the recorder's next index batch (1 s).
        await new Promise((r) => setTimeout(r, 2_000));
      },
    );
    expect(grown).toEqual([]);
  });

  it(`the UI's WebSocket: connect, mirror a pane, unmirror, disconnect, ${CYCLES} times`, async () => {
    ({ host } = await startTestHost({ writeHostFile: false }));
    const h = host;
    const { agent } = await h.orchestrator.fleet.spawn({ name: 'watched', kind: 'shell', role: 'builder' });
    let id = 0;
    const grown = await grownOver(
      async (i) => {
        const { socket, inbox } = await connect(h.port, { token: h.token });
        const call = async (name: string, input: unknown) => {
          const callId = id++;
          socket!.send(JSON.stringify({ type: 'call', id: callId, name, input }));
          const result = await inbox!.next((m) => m['type'] === 'result' && m['id'] === callId);
          expect(result).toMatchObject({ ok: true });
        };
        await call('pane.mirror', { target: agent.paneId });
        // Every other connection leaves its mirror for the close to give back.
        if (i % 2 === 0) await call('pane.unmirror', { paneId: agent.paneId });
        socket!.close();
        await new Promise((r) => socket!.once('close', r));
      },
      () => until(() => h.apiConnectionCount === 0, 'no API connection left'),
    );
    expect(grown).toEqual([]);
  });

  it(`MCP over HTTP: open a session, call a tool, end it (or leave it), ${CYCLES} times`, async () => {
    ({ host } = await startTestHost({ writeHostFile: false }));
    const h = host;
    const role = await unlimitedBuilder(h, 'caller');
    const { agent, token } = await h.orchestrator.fleet.spawn({ name: 'caller', kind: 'shell', role });
    const grown = await grownOver(
      async (i) => {
        const session = (await mcp(h, token, 'POST', rpc(1, 'initialize', INIT))).session!;
        await mcp(
          h,
          token,
          'POST',
          JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
          session,
        );
        const whoami = rpc(2, 'tools/call', { name: 'agent_whoami', arguments: {} });
        expectWhoami((await mcp(h, token, 'POST', whoami, session)).text, agent.id);
        expect((await mcp(h, token, 'POST', rpc(3, 'tools/list'), session)).text).toContain('message_send');
        // Half end their session; the others leave it open (16 a caller are kept, the oldest closed past that).
        if (i % 2 === 0) await mcp(h, token, 'DELETE', '', session);
      },
      async () => undefined,
    );
    expect(grown).toEqual([]);
  });

  it(`MCP over the unix socket: connect, call a tool, disconnect, ${CYCLES} times`, async () => {
    ({ host } = await startTestHost());
    const h = host;
    const role = await unlimitedBuilder(h, 'relay');
    const { agent, token } = await h.orchestrator.fleet.spawn({ name: 'relay', kind: 'shell', role });
    const grown = await grownOver(
      async () => {
        const socket = createConnection(h.mcpSocketPath!);
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        await new Promise((r) => socket.once('connect', r));
        socket.write(`${JSON.stringify({ token })}\n${rpc(1, 'initialize', INIT)}\n`);
        socket.write(
          `${rpc(2, 'tools/call', { name: 'agent_whoami', arguments: {} })}\n${rpc(3, 'tools/list')}\n`,
        );
        await until(() => text.split('\n').length > 4, 'four lines');
        socket.destroy();
        const answers = text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { id?: number });
        expectWhoami(JSON.stringify(answers.find((answer) => answer.id === 2)), agent.id);
        expect(JSON.stringify(answers.find((answer) => answer.id === 3))).toContain('message_send');
      },
      () => until(() => h.mcpSocketConnectionCount === 0, 'no mcp.sock connection left'),
    );
    expect(grown).toEqual([]);
  });

  it(`long-polls left by their client: an mcp.sock connection dropped mid message_receive and pane_waitFor, ${CYCLES} times`, async () => {
    ({ host } = await startTestHost());
    const h = host;
    // Past the limit under STRESS a refused receive never parked and the cycle waited for it in vain.
    const role = await unlimitedBuilder(h, 'poller');
    const { agent, token } = await h.orchestrator.fleet.spawn({ name: 'poller', kind: 'shell', role });
    const waiting = () => h.orchestrator.messages.waitingReceives(agent.id);
    const grown = await grownOver(
      async () => {
        const socket = createConnection(h.mcpSocketPath!);
        await new Promise((r) => socket.once('connect', r));
        const waitFor = { target: agent.id, until: 'pattern', pattern: 'never', timeoutSeconds: 600 };
        socket.write(
          `${JSON.stringify({ token })}\n${rpc(1, 'initialize', INIT)}\n` +
            `${rpc(2, 'tools/call', { name: 'message_receive', arguments: { wait: 600 } })}\n` +
            `${rpc(3, 'tools/call', { name: 'pane_waitFor', arguments: waitFor })}\n`,
        );
        await until(() => waiting() === 1, 'the receive waiting');
        socket.destroy();
      },
      // Before session 23 each stayed parked its 600 s: the inbox's waiters grew with every cycle (to 32).
      () => until(() => h.mcpSocketConnectionCount === 0 && waiting() === 0, 'no receive left'),
    );
    expect(grown).toEqual([]);
  });
});
