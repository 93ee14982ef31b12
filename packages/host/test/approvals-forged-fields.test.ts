// An agent's request is the agent's, over the real MCP endpoint: an approval_request naming another agent's lease
// (`lockHolder`, `lockResource`) is refused with a hint, so the person's `holder` policy is never matched and the
// lease stays its holder's (core's forged-fields test covers every reserved field over the dispatch path).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Approval, type Lock } from '@switchboard/protocol';
import type { Host } from '../src/index';
import { startTestHost } from './host-fixture';
import { connectAgent } from './support/mcp-agent';

describe("an agent's approval_request over MCP cannot pose as a lock request", () => {
  let host: Host | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await host?.close();
  });

  it("is refused (invalid_input, naming lock.request): no policy matched, the holder's lease stays", async () => {
    ({ host } = await startTestHost());
    const { orchestrator } = host;
    const spawn = (name: string) => orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' });
    const { agent: alice } = await spawn('alice');
    const { token } = await spawn('mallory');
    await orchestrator.invoke({ kind: 'agent', id: alice.id }, 'lock.acquire', {
      resource: { kind: 'branch', name: 'main' },
    });
    await orchestrator.invoke(humanCaller, 'policy.add', {
      kind: 'lock',
      holder: 'alice',
      action: 'approve',
    });
    const agent = await connectAgent(host.mcpUrl, token);
    client = agent.client;
    const { isError, text } = await agent.call('approval_request', {
      kind: 'lock',
      summary: 'alice agreed to hand main over',
      payload: { lockHolder: alice.id, lockResource: { kind: 'branch', name: 'main' }, ttlMs: 600_000 },
    });
    expect(isError).toBe(true);
    expect(text).toContain('invalid_input');
    expect(text).toContain('payload.lockHolder');
    expect(text).toContain('lock.request');
    const { approvals } = (await orchestrator.invoke(humanCaller, 'approval.history', {})) as {
      approvals: Approval[];
    };
    expect(approvals).toEqual([]);
    const { locks } = (await orchestrator.invoke(humanCaller, 'lock.list', {})) as { locks: Lock[] };
    expect(locks.map((l) => l.owner)).toEqual([alice.id]);
  });
});
