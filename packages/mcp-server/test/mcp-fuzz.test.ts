import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '@switchboard/host';
import {
  commandNames,
  humanCaller,
  type Caller,
  type RetentionStatus,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { callTool, toolNameFor } from '../src/index';

const STRESS = process.env['STRESS'] === '1';
const RUNS = STRESS ? 10_000 : 1_000;
/** STRESS's 10,000 HTTP requests took 279 s at load 15-21 (2026-12-08): half of 600 s, so 30 minutes there. */
const timeout = STRESS ? 1_800_000 : 600_000;
const toolNames = commandNames.map(toolNameFor);

/** Tool arguments that can never be valid: strict inputs refuse the unknown key, or the value is not an object at all. */
const brokenArguments = fc.oneof(
  fc
    .record({ fuzz_unknown: fc.jsonValue() })
    .chain((base) =>
      fc
        .dictionary(
          fc.constantFrom(
            'targets',
            'target',
            'text',
            'keys',
            'agent',
            'name',
            'pattern',
            'value',
            'team',
            'watchId',
            'summary',
            'lines',
            'filter',
            'until',
            'timeoutSeconds',
          ),
          fc.jsonValue(),
          { maxKeys: 4 },
        )
        .map((extra) => ({ ...extra, ...base })),
    ),
  fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.integer(), fc.boolean(), fc.double()),
);

let id = 10;
const request = (method: string, params: unknown) => ({ jsonrpc: '2.0', id: id++, method, params });

/** One HTTP body: garbage bytes, random JSON, or a JSON-RPC request whose method or parameters are wrong. */
const body = fc.oneof(
  fc.string({ maxLength: 200 }).map((text) => ({ raw: `{${text}` })),
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && 'method' in v))
    .map((value) => ({ json: value })),
  fc
    .tuple(fc.constantFrom(...toolNames, 'no_such_tool', 'pane.read', '', 'x'.repeat(300)), brokenArguments)
    .map(([name, args]) => ({ json: request('tools/call', { name, arguments: args }) })),
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.jsonValue())
    .map(([name, args]) => ({ json: request('tools/call', { name, arguments: { fuzz_unknown: args } }) })),
  fc.jsonValue().map((params) => ({ json: request('tools/call', params) })),
  fc
    .string({ maxLength: 300 })
    .map((uri) => ({ json: request('resources/read', { uri: `nowhere://${uri}` }) })),
  fc
    .tuple(
      fc
        .string({ maxLength: 30 })
        .filter(
          (m) =>
            ![
              'ping',
              'tools/list',
              'resources/list',
              'resources/templates/list',
              'logging/setLevel',
            ].includes(m),
        ),
      fc.jsonValue(),
    )
    .map(([method, params]) => ({ json: request(method, params) })),
  fc.jsonValue().map((params) => ({ json: request('initialize', params) })),
);

let host: Host;
let token: string;
let sessionId: string;
const events: SwitchboardEvent[] = [];

async function post(payload: string, headers: Record<string, string> = {}) {
  return fetch(host.mcpUrl, {
    method: 'POST',
    body: payload,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
      ...headers,
    },
  });
}

/** The JSON-RPC messages of a reply, whether plain JSON or an SSE stream. */
async function messagesOf(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    return text
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => JSON.parse(l.slice(5)) as Record<string, unknown>);
  }
  return text ? [JSON.parse(text) as Record<string, unknown>] : [];
}

async function state() {
  const call = (name: string, input: unknown = {}) => host.orchestrator.invoke(humanCaller, name, input);
  const panes = (await call('pane.list')) as { panes: { id: string }[] };
  const screens = await call('pane.read', {
    targets: panes.panes.map((p) => p.id),
    scrollback: true,
    lines: 10_000,
  });
  return JSON.stringify([await call('fleet.snapshot'), panes, screens, await call('pane.watches')]);
}

beforeAll(async () => {
  host = await startHost({
    dataDir: mkdtempSync(join(tmpdir(), 'sb-mcp-fuzz-')),
    backend: 'memory',
    writeHostFile: false,
  });
  const spawned = await host.orchestrator.fleet.spawn({ name: 'fuzzer', kind: 'shell', role: 'custom' });
  await host.orchestrator.fleet.spawn({ name: 'bystander', kind: 'shell', role: 'custom' });
  token = spawned.token;
  sessionId = '';
  const init = await post(
    JSON.stringify(
      request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'fuzz', version: '1' },
      }),
    ),
    {},
  );
  sessionId = init.headers.get('mcp-session-id')!;
  await init.text();
  await (await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))).text();
  // The host's first retention sweep runs once the fleet is ready, a turn of the loop between batches, and ends
  // with a `retention.swept` event: on a starved machine it ended mid-fuzz (460 ms, session 22) and counted as a
  // change. Its stored record says it is over.
  const deadline = Date.now() + 30_000;
  while (!((await host.orchestrator.invoke(humanCaller, 'retention.get', {})) as RetentionStatus).lastSweep) {
    if (Date.now() > deadline) throw new Error('no retention sweep recorded 30 s after the start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  host.orchestrator.subscribe((e) => events.push(e));
});
afterAll(async () => host?.close());

describe('fuzz', { timeout }, () => {
  it(`${RUNS} random and malformed requests over HTTP: every reply an error, no crash, no state change`, async () => {
    expect(sessionId).toBeTruthy();
    const before = await state();
    await fc.assert(
      fc.asyncProperty(body, async (sample) => {
        const response = await post('raw' in sample ? sample.raw : JSON.stringify(sample.json));
        const replies = await messagesOf(response);
        if (response.status >= 400) {
          expect(replies).toHaveLength(1);
          expect(replies[0]).toMatchObject({
            jsonrpc: '2.0',
            error: { code: expect.any(Number), message: expect.any(String) },
          });
          return;
        }
        expect(response.status).toBe(200);
        const reply = replies.find((m) => 'id' in m && ('result' in m || 'error' in m));
        expect(reply, JSON.stringify(sample).slice(0, 300)).toBeDefined();
        if ('error' in reply!)
          expect(reply.error).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
        else {
          const result = reply!['result'] as {
            isError?: boolean;
            structuredContent?: { error?: { code: string; hint: string } };
          };
          expect(result.isError, JSON.stringify(sample).slice(0, 300)).toBe(true);
          expect(result.structuredContent?.error).toMatchObject({
            code: expect.any(String),
            hint: expect.any(String),
          });
        }
      }),
      { numRuns: RUNS },
    );
    expect(await state()).toBe(before);
    expect(events).toEqual([]);
    // Still serving after the storm.
    const alive = await messagesOf(
      await post(JSON.stringify(request('tools/call', { name: 'agent_whoami', arguments: {} }))),
    );
    expect(alive[0]).toMatchObject({ result: { structuredContent: { caller: { kind: 'agent' } } } });
  });

  it(`${RUNS} broken argument sets straight into every tool: a typed error each time, nothing changes`, async () => {
    const caller: Caller = host.authenticate(token)!;
    const before = await state();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...toolNames), brokenArguments, async (name, args) => {
        const result = await callTool(host.orchestrator, caller, name, args);
        expect(result.isError).toBe(true);
        expect((result.structuredContent as { error: { code: string } }).error.code).toMatch(
          /^(invalid_input|not_found|forbidden|rate_limited)$/,
        );
      }),
      { numRuns: RUNS },
    );
    expect(await state()).toBe(before);
    expect(events).toEqual([]);
  });
});
