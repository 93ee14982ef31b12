import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { startTestHost } from '../host-fixture';

/**
 * `/metrics` after real traffic (agents over the real MCP endpoint, the human deciding), read back by an
 * independent Prometheus text-format parser (not prom-client's). That parser flattens histograms that
 * carry labels, so histogram counts are read from their `_count` series in the text.
 */
describe('/metrics', () => {
  let host: Host | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await host?.close();
  });

  async function agentClient(name: string): Promise<{ client: Client; token: string; id: string }> {
    const { agent, token } = await host!.orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' });
    const client = new Client({ name, version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(host!.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return { client, token, id: agent.id };
  }
  const scrape = (token?: string) =>
    fetch(`${host!.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('counts calls, messages, approvals, leases, backend requests and agents, in valid Prometheus text', async () => {
    ({ host } = await startTestHost());
    const alice = await agentClient('alice');
    await agentClient('bob');
    expect(
      (
        await alice.client.callTool({
          name: 'message_send',
          arguments: { to: { agent: 'bob' }, body: 'hello', typeIntoPane: 'never' },
        })
      ).isError,
    ).toBeFalsy();
    expect(
      (
        await alice.client.callTool({
          name: 'lock_acquire',
          arguments: { resource: { kind: 'branch', name: 'main' } },
        })
      ).isError,
    ).toBeFalsy();
    expect(
      (
        await alice.client.callTool({
          name: 'message_send',
          arguments: { to: { agent: 'nobody' }, body: 'x' },
        })
      ).isError,
    ).toBe(true);
    const asked = (
      await alice.client.callTool({
        name: 'approval_request',
        arguments: { kind: 'escalation', summary: 'may I?' },
      })
    ).structuredContent as { approval: { id: string } };
    await alice.client.callTool({
      name: 'approval_request',
      arguments: { kind: 'escalation', summary: 'and this?' },
    });
    await host.orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: asked.approval.id, verdict: 'approve' }],
    });

    const response = await scrape(host.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    const value = (name: string, labels: Record<string, string> = {}) => {
      const family = families.get(name);
      const sample = family?.metrics.find((m) =>
        Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
      );
      return sample?.value === undefined ? undefined : Number(sample.value);
    };

    expect(families.get('switchboard_calls_total')?.type).toBe('COUNTER');
    expect(
      value('switchboard_calls_total', { transport: 'mcp', command: 'message.send', outcome: 'ok' }),
    ).toBe(1);
    expect(
      value('switchboard_calls_total', { transport: 'mcp', command: 'message.send', outcome: 'not_found' }),
    ).toBe(1);
    expect(value('switchboard_messages_sent_total', { kind: 'notification' })).toBe(1);
    expect(
      value('switchboard_agents', {
        state: families.get('switchboard_agents')!.metrics[0]!.labels!['state']!,
      }),
    ).toBeGreaterThan(0);
    expect(families.get('switchboard_agents')!.metrics.reduce((sum, m) => sum + Number(m.value), 0)).toBe(2);
    expect(value('switchboard_locks_held', { resource: 'branch' })).toBe(1);
    expect(value('switchboard_lock_events_total', { event: 'acquired' })).toBe(1);
    expect(value('switchboard_approvals_pending', { kind: 'escalation' })).toBe(1);
    expect(value('switchboard_approvals_decided_total', { kind: 'escalation', verdict: 'approve' })).toBe(1);
    expect(value('switchboard_backend_requests_total', { operation: 'createPane', outcome: 'ok' })).toBe(2);
    expect(families.get('switchboard_call_seconds')?.type).toBe('HISTOGRAM');
    expect(families.get('switchboard_call_seconds')?.metrics[0]?.buckets?.['+Inf']).toBeDefined();
    expect(text).toMatch(/^switchboard_call_seconds_count\{transport="mcp",command="message.send"\} 2$/m);
    expect(text).toMatch(/^switchboard_approval_decision_seconds_count\{kind="escalation"\} 1$/m);
    expect(families.has('switchboard_process_cpu_seconds_total')).toBe(true);
  });

  it('counts tool calls over the MCP unix socket as MCP calls, as over HTTP', async () => {
    ({ host } = await startTestHost());
    const { token } = await agentClient('dave');
    const socket = connect(host.mcpSocketPath!);
    socket.setEncoding('utf8');
    const lines: string[] = [];
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        lines.push(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
      }
    });
    socket.write(JSON.stringify({ token }) + '\n');
    for (let id = 1; id <= 3; id++)
      socket.write(
        JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: 'agent_whoami', arguments: {} },
        }) + '\n',
      );
    await vi.waitFor(() => expect(lines).toHaveLength(4), { timeout: 10_000 });
    socket.destroy();
    expect(JSON.parse(lines[0]!)).toEqual({ ok: true });
    const text = await (await scrape(host.token)).text();
    expect(text).toMatch(
      /^switchboard_calls_total\{transport="mcp",command="agent.whoami",outcome="ok"\} 3$/m,
    );
  });

  it("answers only the human's token: none 401, an agent's 403, nothing changed; a POST is refused", async () => {
    ({ host } = await startTestHost());
    const { token } = await agentClient('carol');
    expect((await scrape()).status).toBe(401);
    expect((await scrape('not-a-token')).status).toBe(401);
    expect((await scrape(token)).status).toBe(403);
    expect(
      (
        await fetch(`${host.url}/metrics`, {
          method: 'POST',
          headers: { authorization: `Bearer ${host.token}` },
        })
      ).status,
    ).toBe(405);
    const text = await (await scrape(host.token)).text();
    expect(text).not.toContain(host.token);
    expect(text).not.toContain(token);
  });
});
