import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { startTestHost } from '../host-fixture';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './otlp-json-receiver';

/**
 * One MCP `message_send` from an agent whose client sent a W3C traceparent, typed into a real bash pane
 * on the embedded iTerm2-API server, exported over OTLP/HTTP to a receiver this test runs: one trace,
 * every span's parent inside it, from the client's span down to the pane write.
 */
describe('traces over OTLP/HTTP', () => {
  let host: Host | undefined;
  let receiver: OtlpReceiver | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await host?.close();
    await receiver?.close();
    host = undefined;
  });

  it("an MCP message_send is one connected trace from the client's traceparent to backend.sendText", async () => {
    receiver = await startOtlpReceiver();
    ({ host } = await startTestHost({ backend: 'sim', otlpTracesUrl: receiver.url }));
    const events: SwitchboardEvent[] = [];
    host.orchestrator.subscribe((event) => events.push(event));
    const { token } = await host.orchestrator.fleet.spawn({ name: 'alice', kind: 'shell', role: 'builder' });
    const { agent: bob } = await host.orchestrator.fleet.spawn({
      name: 'bob',
      kind: 'shell',
      role: 'builder',
    });
    await host.orchestrator.invoke(humanCaller, 'message.setPaneInput', { agent: 'bob', mode: 'shell' });
    await eventually(
      async () =>
        (await host!.backend.readScreen(bob.paneId!)).lines.some((line) => /[$#] ?$/.test(line.trimEnd())),
      20_000,
      "bob's shell prompt",
    );

    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const client = new Client({ name: 'alice', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
        requestInit: {
          headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${clientSpanId}-01` },
        },
      }),
    );
    clients.push(client);
    const sent = await client.callTool({
      name: 'message_send',
      arguments: { to: { agent: 'bob' }, body: 'traced hello' },
    });
    expect(sent.isError).toBeFalsy();
    const messageId = (sent.structuredContent as { messageIds: string[] }).messageIds[0]!;
    await eventually(
      () =>
        events.find((e) => e.type === 'message.delivered' && e.messageId === messageId && e.via === 'pane'),
      20_000,
      'the message delivered into the pane',
    );
    const history = (await host.orchestrator.invoke(humanCaller, 'message.history', { agent: 'bob' })) as {
      messages: { id: string; traceId?: string | null }[];
    };
    expect(history.messages.find((m) => m.id === messageId)?.traceId).toBe(traceId);

    await host.close();
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const named = (name: string) => spans.filter((span) => span.name === name);
    expect(named('mcp message.send')).toHaveLength(1);
    expect(named('mcp message.send')[0]!.parentSpanId).toBe(clientSpanId);
    for (const name of [
      'dispatch message.send',
      'store.transaction',
      'message.deliver_to_pane',
      'backend.sendText',
    ])
      expect(named(name).length, name).toBeGreaterThan(0);
    // Connected: every span of the trace hangs from another span of it, or from the client's.
    for (const span of spans)
      expect(span.parentSpanId === clientSpanId || byId.has(span.parentSpanId ?? ''), span.name).toBe(true);
    const ancestry = (span: OtlpSpan): string[] => {
      const parent = byId.get(span.parentSpanId ?? '');
      return parent ? [parent.name, ...ancestry(parent)] : [];
    };
    const write = named('backend.sendText').find((span) =>
      ancestry(span).includes('message.deliver_to_pane'),
    );
    expect(write, 'a pane write under the delivery span').toBeDefined();
    expect(ancestry(write!)).toContain('mcp message.send');
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
    // Nothing the message said reaches a span.
    expect(JSON.stringify(receiver.spans)).not.toContain('traced hello');
    expect(JSON.stringify(receiver.spans)).not.toContain(token);
  });

  it('an approval is a span of the trace that raised it, from request to decision; its trace id is on the item', async () => {
    receiver = await startOtlpReceiver();
    ({ host } = await startTestHost({ otlpTracesUrl: receiver.url }));
    const { token } = await host.orchestrator.fleet.spawn({ name: 'carol', kind: 'shell', role: 'builder' });
    const traceId = randomBytes(16).toString('hex');
    const client = new Client({ name: 'carol', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
        requestInit: {
          headers: {
            authorization: `Bearer ${token}`,
            traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
          },
        },
      }),
    );
    clients.push(client);
    const asked = (
      await client.callTool({
        name: 'approval_request',
        arguments: { kind: 'escalation', summary: 'may I?' },
      })
    ).structuredContent as { approval: { id: string; traceId?: string } };
    expect(asked.approval.traceId).toBe(traceId);
    await host.orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: asked.approval.id, verdict: 'deny' }],
    });
    await host.close();
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    const approval = spans.find((span) => span.name === 'approval');
    expect(approval).toBeDefined();
    expect(spans.find((span) => span.spanId === approval!.parentSpanId)?.name).toBe(
      'dispatch approval.request',
    );
    expect(approval!.attributes).toContainEqual({
      key: 'switchboard.approval_outcome',
      value: { stringValue: 'deny' },
    });
  });
});
