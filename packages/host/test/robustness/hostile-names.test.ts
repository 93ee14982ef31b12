// An orchestrator over the real MCP endpoint cannot make an agent that speaks as the person (its messages were typed
// into other agents' panes as `[switchboard request from human · …]`), nor name a lease in a way the person reads as
// something else. Core refuses the reserved names on its own too (a template's or fleet file's default name).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type Lock, type Message } from '@switchboard/protocol';
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

  it("no agent named like another agent's id: a spawn or rename so named is refused, mail to a closed id reaches no one", async () => {
    ({ host } = await startTestHost());
    const { orchestrator } = host;
    const { token } = await orchestrator.fleet.spawn({ name: 'ops', kind: 'shell', role: 'devops' });
    const { agent: gone } = await orchestrator.fleet.spawn({ name: 'gone', kind: 'shell', role: 'builder' });
    const { agent: live } = await orchestrator.fleet.spawn({ name: 'live', kind: 'shell', role: 'builder' });
    await orchestrator.invoke(humanCaller, 'agent.close', { agent: gone.id });
    const agent = await connectAgent(host.mcpUrl, token);
    client = agent.client;
    const { call } = agent;
    // The closed agent's id, a live one's, either in capitals, and the 14 characters a page shows for a closed id.
    for (const name of [gone.id, live.id, gone.id.toUpperCase(), gone.id.slice(0, 14)]) {
      const refused = await call('agent_spawn', { name, kind: 'shell' });
      expect(refused.isError, name).toBe(true);
      expect(refused.text).toContain('invalid_input');
      expect(refused.text).toContain('shape of an agent id');
    }
    // Names that merely start with "agent-" stay free.
    expect((await call('agent_spawn', { name: 'agent-1', kind: 'shell' })).isError).toBe(false);
    await expect(
      orchestrator.invoke(humanCaller, 'agent.rename', { agent: 'live', name: gone.id }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    // Past the contract (a template's default name would come so): core refuses it as well.
    await expect(
      orchestrator.fleet.spawn({ name: gone.id, kind: 'shell', role: 'custom' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    // Mail to the closed id: refused as for any closed agent, not delivered to anyone.
    const sent = await call('message_send', { to: { agent: gone.id }, body: 'for gone only' });
    expect(sent.isError).toBe(true);
    expect(sent.text).toContain('not_found');
    const { agents } = (await orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] };
    expect(agents.map((a) => a.name).sort()).toEqual(['agent-1', 'live', 'ops']);
    for (const agent of agents) {
      const { messages } = (await orchestrator.invoke(
        { kind: 'agent', id: agent.id },
        'message.receive',
        {},
      )) as {
        messages: Message[];
      };
      expect(messages, agent.name).toEqual([]);
    }
  });

  it('an agent named like an id before such names were refused keeps its name, reached by its own id only', async () => {
    ({ host } = await startTestHost());
    const { orchestrator } = host;
    const { token } = await orchestrator.fleet.spawn({ name: 'ops', kind: 'shell', role: 'devops' });
    const { agent: gone } = await orchestrator.fleet.spawn({ name: 'gone', kind: 'shell', role: 'builder' });
    const { agent: live } = await orchestrator.fleet.spawn({ name: 'live', kind: 'shell', role: 'builder' });
    await orchestrator.invoke(humanCaller, 'agent.close', { agent: gone.id });
    // As a database written before the rule holds it: the live agent is named exactly as the closed one's id.
    orchestrator.fleet.repository.updateAgent({ ...live, name: gone.id });
    const ops = { kind: 'agent', id: (await orchestrator.fleet.repository.findAgent('ops'))!.id } as const;
    for (const caller of [humanCaller, ops])
      await expect(
        orchestrator.invoke(caller, 'message.send', { to: { agent: gone.id }, body: 'for gone only' }),
      ).rejects.toMatchObject({ code: 'not_found' });
    await expect(orchestrator.invoke(humanCaller, 'pane.read', { targets: [gone.id] })).rejects.toMatchObject(
      { code: 'not_found' },
    );
    await expect(
      orchestrator.invoke(humanCaller, 'agent.rename', { agent: gone.id, name: 'taken' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    client = (await connectAgent(host.mcpUrl, token)).client;
    await expect(client.readResource({ uri: `switchboard://agents/${gone.id}` })).rejects.toThrow(/No agent/);
    const { messages } = (await orchestrator.invoke(
      { kind: 'agent', id: live.id },
      'message.receive',
      {},
    )) as {
      messages: Message[];
    };
    expect(messages).toEqual([]);
    // Grandfathered: it keeps the name (shown everywhere), its id reaches it, and it can be renamed.
    const { agents } = (await orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] };
    expect(agents.find((a) => a.id === live.id)?.name).toBe(gone.id);
    await orchestrator.invoke(humanCaller, 'message.send', { to: { agent: live.id }, body: 'for live' });
    const read = await client.readResource({ uri: `switchboard://agents/${live.id}` });
    expect(read.contents[0]).toMatchObject({ text: expect.stringContaining(gone.id) });
    const renamed = (await orchestrator.invoke(humanCaller, 'agent.rename', {
      agent: live.id,
      name: 'live',
    })) as Agent;
    expect(renamed.name).toBe('live');
  });
});
