// Every item ends in an outcome, end to end: an agent asks over the real MCP endpoint and waits; the person, over the
// API WebSocket, reads the queue (each item named by its asker, over both endpoints) and closes the agent. Its
// question leaves the queue withdrawn, its wait ends, and the event, the history and the audit say why.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Approval } from '@switchboard/protocol';
import type { Host } from '../src/index';
import { connect, startTestHost } from './host-fixture';
import { connectAgent } from './support/mcp-agent';

type Listed = { approvals: Approval[] };

describe('an agent closed over the human API takes its open questions with it', () => {
  let host: Host | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await host?.close();
  });

  it('withdraws its item (the event, the history and the audit carry why), and lists name askers', async () => {
    ({ host } = await startTestHost());
    const { agent, token } = await host.orchestrator.fleet.spawn({
      name: 'asker',
      kind: 'shell',
      role: 'builder',
    });
    const connected = await connectAgent(host.mcpUrl, token);
    client = connected.client;
    const tool = async (name: string, args: Record<string, unknown>) => {
      const { isError, text } = await connected.call(name, args);
      expect(isError).toBe(false);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const asked = (await tool('approval_request', { kind: 'escalation', summary: 'may I deploy?' })) as {
      approval: Approval;
    };
    const own = (await tool('approval_list', {})) as Listed;
    expect(own.approvals.map((a) => [a.id, a.requesterName])).toEqual([[asked.approval.id, 'asker']]);
    const waiting = tool('approval_wait', { id: asked.approval.id, waitMs: 300_000 });

    const { socket, inbox } = await connect(host.port, { token: host.token, origin: host.url });
    await inbox!.next((m) => m['type'] === 'hello');
    let id = 0;
    const call = async (name: string, input: Record<string, unknown>) => {
      const callId = ++id;
      socket!.send(JSON.stringify({ type: 'call', id: callId, name, input }));
      const answer = await inbox!.next((m) => m['id'] === callId);
      expect(answer).toMatchObject({ ok: true });
      return answer['output'] as Record<string, unknown>;
    };
    const queue = (await call('approval.list', {})) as Listed;
    expect(queue.approvals.map((a) => [a.requester, a.requesterName])).toEqual([[agent.id, 'asker']]);

    await call('agent.close', { agent: 'asker' });
    const withdrawn = await inbox!.next(
      (m) => (m['event'] as { type?: string } | undefined)?.type === 'approval.withdrawn',
    );
    expect(withdrawn['event']).toMatchObject({
      reason: 'its requester asker was closed',
      approval: { id: asked.approval.id, status: 'withdrawn', requesterName: 'asker' },
    });
    // The agent's wait does not outlive it: its token was revoked, so the call ends (core's requester-gone test
    // checks a waiter is woken with the withdrawn item).
    await expect(
      waiting.then(
        () => 'ended',
        () => 'ended',
      ),
    ).resolves.toBe('ended');
    expect(((await call('approval.list', {})) as Listed).approvals).toEqual([]);
    const history = (await call('approval.history', {})) as Listed;
    expect(history.approvals.map((a) => [a.status, a.requesterName, a.withdrawnReason])).toEqual([
      ['withdrawn', 'asker', 'its requester asker was closed'],
    ]);
    const audit = (await call('audit.list', { action: 'approval.withdrawn' })) as {
      entries: { target: string; details: Record<string, unknown> }[];
    };
    expect(audit.entries.map((e) => [e.target, e.details['reason']])).toEqual([
      [asked.approval.id, 'its requester asker was closed'],
    ]);
    socket!.close();
  });
});
