// `switchboard mcp` killed while its client's tool call waits (the agent's CLI crashed, the session was killed): the
// host sees the relay's connection close and ends the call at once, over mcp.sock and over the HTTP fallback alike.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { startHost, type Host } from '@switchboard/host';
import { cliEntry } from '../src/index';

let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-relay-gone-'));
  host = await startHost({ dataDir, backend: 'memory' });
});
afterAll(async () => host?.close());

describe('switchboard mcp killed while a call waits', { timeout: 120_000 }, () => {
  it.each([
    ['over mcp.sock', 'socket'],
    ['over HTTP', 'http'],
  ])('%s: the long-poll ends at once and takes nothing', async (_how, transport) => {
    const { agent, token } = await host.orchestrator.fleet.spawn({
      name: `receiver-${transport}`,
      kind: 'shell',
      role: 'builder',
    });
    const waiting = () => host.orchestrator.messages.waitingReceives(agent.id);
    const relay = new StdioClientTransport({
      command: process.execPath,
      args: [cliEntry, 'mcp'],
      env: {
        ...process.env,
        SWITCHBOARD_DATA_DIR: dataDir,
        SWITCHBOARD_TOKEN: token,
        SWITCHBOARD_MCP_TRANSPORT: transport,
      } as Record<string, string>,
    });
    const client = new Client({ name: 'relay-gone', version: '1' });
    await client.connect(relay);
    const call = client
      .callTool({ name: 'message_receive', arguments: { wait: 600 } })
      .catch(() => undefined);
    await eventually(() => waiting() === 1, 100_000, 'the receive waiting');
    process.kill(relay.pid!, 'SIGKILL');
    // The host sees the close a moment after the client: wait for the fact (bounded by the test's timeout).
    await eventually(() => waiting() === 0, 100_000, 'the receive gone');
    await client.close().catch(() => undefined);
    await call;
    await host.orchestrator.invoke({ kind: 'human', id: 'human' }, 'message.send', {
      to: { agent: agent.id },
      body: 'after the relay died',
    });
    const next = (await host.orchestrator.invoke({ kind: 'agent', id: agent.id }, 'message.receive', {
      wait: 5,
    })) as { messages: { body: string }[] };
    expect(next.messages.map((m) => m.body)).toEqual(['after the relay died']);
  });
});
