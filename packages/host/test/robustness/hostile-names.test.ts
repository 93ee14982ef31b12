// An orchestrator over the real MCP endpoint cannot make an agent that speaks as the person (its messages were typed
// into other agents' panes as `[switchboard request from human · …]`), nor name a lease in a way the person reads as
// something else. Core refuses the reserved names on its own too (a template's or fleet file's default name).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type Lock } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { startTestHost } from '../host-fixture';
import { connectAgent } from '../support/mcp-agent';

describe('hostile names at the MCP boundary', () => {
  let host: Host | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await host?.close();
  });

  it('no agent named as the person or Switchboard; no control characters in a lease the person reads', async () => {
    ({ host } = await startTestHost());
    const { orchestrator } = host;
    const { token } = await orchestrator.fleet.spawn({ name: 'boss', kind: 'shell', role: 'orchestrator' });
    const agent = await connectAgent(host.mcpUrl, token);
    client = agent.client;
    const { call } = agent;
    for (const name of ['human', 'Human', 'You', 'SYSTEM', 'switchboard']) {
      const refused = await call('agent_spawn', { name, kind: 'shell' });
      expect(refused.isError, name).toBe(true);
      expect(refused.text).toContain('invalid_input');
    }
    for (const name of ['ma\u202ein', 'main\u001b]0;x\u0007', 'main\u0000']) {
      const refused = await call('lock_acquire', { resource: { kind: 'branch', name } });
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain('invalid_input');
    }
    // Past the contract (as a template's name would come): core refuses it as well.
    await expect(
      orchestrator.fleet.spawn({ name: 'HUMAN', kind: 'shell', role: 'custom' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const { agents } = (await orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] };
    expect(agents.map((a) => a.name)).toEqual(['boss']);
    const { locks } = (await orchestrator.invoke(humanCaller, 'lock.list', {})) as { locks: Lock[] };
    expect(locks).toEqual([]);
  });
});
