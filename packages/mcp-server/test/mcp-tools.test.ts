import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { SwitchboardError, humanCaller, type Caller } from '@switchboard/protocol';
import { createMcpServer } from '../src/index';

async function connect(orchestrator: Orchestrator, caller: Caller) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer(orchestrator, caller);
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return { client, server };
}

async function fleet(authorize?: (caller: Caller, name: string) => void) {
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend,
    ...(authorize ? { authorize } : {}),
  });
  const alpha = await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder' });
  const beta = await orchestrator.fleet.spawn({ name: 'beta', kind: 'shell', role: 'tester' });
  return { backend, orchestrator, alpha: alpha.agent, beta: beta.agent };
}

const errorOf = (result: object) =>
  (
    (result as { structuredContent?: unknown }).structuredContent as {
      error: { code: string; message: string; hint: string };
    }
  ).error;

describe('tools', () => {
  it("runs pane tools as the token's agent: read its own pane, type into another", async () => {
    const { orchestrator, backend, alpha, beta } = await fleet();
    await backend.sendText(alpha.paneId!, 'alpha was here\n');
    const { client } = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    const read = await client.callTool({ name: 'pane_read', arguments: {} });
    expect(read.structuredContent).toMatchObject({
      screens: [{ agentId: alpha.id, lines: ['alpha was here'] }],
    });
    // Another agent's pane needs pane.write.others: a builder lacks it until the human grants it.
    const refused = await client.callTool({
      name: 'pane_send',
      arguments: { targets: ['beta'], text: 'hello beta' },
    });
    expect(errorOf(refused)).toMatchObject({ code: 'forbidden' });
    expect((await backend.readScreen(beta.paneId!)).lines).toEqual([]);
    await orchestrator.invoke(humanCaller, 'role.update', { name: 'builder', canWriteOtherPanes: true });
    const sent = await client.callTool({
      name: 'pane_send',
      arguments: { targets: ['beta'], text: 'hello beta' },
    });
    expect(sent.structuredContent).toMatchObject({
      results: [{ paneId: beta.paneId, submitted: true, confirmed: true }],
    });
    expect((await backend.readScreen(beta.paneId!)).lines[0]).toBe('hello beta');
    // Reading another agent's pane needs pane.read.others: a builder lacks it (orchestrators, managers, monitors have it).
    for (const [name, args] of [
      ['pane_read', { targets: ['beta'], scrollback: true }],
      ['pane_waitFor', { target: 'beta', until: 'pattern', pattern: 'beta', timeoutSeconds: 0 }],
    ] as const) {
      const peeked = await client.callTool({ name, arguments: args });
      expect(errorOf(peeked), name).toMatchObject({
        code: 'forbidden',
        details: { missing: 'pane.read.others' },
      });
      expect(JSON.stringify(peeked), name).not.toContain('hello beta');
    }
    const me = await client.callTool({ name: 'agent_whoami', arguments: {} });
    expect(me.structuredContent).toMatchObject({ caller: { kind: 'agent', id: alpha.id }, role: 'builder' });
    await client.close();
    await orchestrator.close();
  });

  it('answers every failure with a structured error: stable code, message, hint; nothing changes', async () => {
    const { orchestrator, backend, alpha } = await fleet();
    const { client } = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    const cases: [string, unknown, string][] = [
      ['pane_send', { targets: ['ghost'], text: 'x' }, 'not_found'],
      ['pane_send', { targets: ['beta'], text: 'x', sender: 'beta' }, 'invalid_input'],
      ['pane_keys', { targets: ['beta'], keys: ['hyper+x'] }, 'invalid_input'],
      ['pane_read', { targets: ['alpha'], filter: '[' }, 'invalid_input'],
      ['fleet_snapshot', {}, 'not_found'],
      ['agent_issueToken', { agent: 'alpha' }, 'not_found'],
      ['no_such_tool', {}, 'not_found'],
      ['pane_setVariable', { target: 'beta', name: 'switchboardAgent', value: alpha.id }, 'forbidden'],
    ];
    for (const [name, args, code] of cases) {
      const result = await client.callTool({ name, arguments: args as Record<string, unknown> });
      expect(result.isError, name).toBe(true);
      const error = errorOf(result);
      expect(error.code, name).toBe(code);
      expect(error.message.length, name).toBeGreaterThan(5);
      expect(error.hint.length, name).toBeGreaterThan(5);
      expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual({ error });
    }
    for (const pane of await backend.listPanes())
      expect((await backend.readScreen(pane.id)).lines).toEqual([]);
    await client.close();
    await orchestrator.close();
  });

  it("lists only what the caller's role permits (roles decided in core)", async () => {
    const reviewerMayNotType = (caller: Caller, name: string) => {
      if (
        caller.kind === 'agent' &&
        caller.id.length > 0 &&
        name === 'pane.send' &&
        roles.get(caller.id) === 'tester'
      ) {
        throw new SwitchboardError('forbidden', 'testers may not type into panes');
      }
    };
    const roles = new Map<string, string>();
    const { orchestrator, alpha, beta } = await fleet(reviewerMayNotType);
    roles.set(alpha.id, 'builder').set(beta.id, 'tester');
    const builder = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    const reviewer = await connect(orchestrator, { kind: 'agent', id: beta.id });
    expect((await builder.client.listTools()).tools.map((t) => t.name)).toContain('pane_send');
    const reviewerTools = (await reviewer.client.listTools()).tools.map((t) => t.name);
    expect(reviewerTools).toContain('pane_read');
    expect(reviewerTools).not.toContain('pane_send');
    const refused = await reviewer.client.callTool({
      name: 'pane_send',
      arguments: { targets: ['alpha'], text: 'x' },
    });
    expect(errorOf(refused).code).toBe('forbidden');
    await orchestrator.close();
  });

  it('gives the human the human-only tools', async () => {
    const { orchestrator } = await fleet();
    const { client } = await connect(orchestrator, humanCaller);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['fleet_snapshot', 'agent_issueToken', 'agent_revokeTokens', 'team_create']),
    );
    await client.close();
    await orchestrator.close();
  });
});

describe('resources', () => {
  it('lists and reads fleet, me, agent info and terminal output', async () => {
    const { orchestrator, backend, alpha } = await fleet();
    await backend.sendText(alpha.paneId!, 'line one\nline two\n');
    const { client } = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        'switchboard://me',
        'switchboard://fleet',
        'switchboard://watches',
        'terminal://alpha/output',
        'switchboard://agents/beta',
      ]),
    );
    expect(uris).toContain('switchboard://inbox'); // message.peek exists since messaging landed
    // Its own terminal only: a builder may not read beta's pane (pane.read.others), so it is not offered.
    expect(uris).not.toContain('terminal://beta/output');
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(['switchboard://agents/{agent}', 'terminal://{agent}/output']);
    const terminal = await client.readResource({ uri: 'terminal://alpha/output' });
    expect(terminal.contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'line one\nline two' });
    const text = async (uri: string) =>
      JSON.parse(((await client.readResource({ uri })).contents[0] as { text: string }).text);
    const fleetJson = await text('switchboard://fleet');
    expect(fleetJson.agents.map((a: { name: string }) => a.name).sort()).toEqual(['alpha', 'beta']);
    const me = await text('switchboard://me');
    expect(me.agent.name).toBe('alpha');
    const beta = await text('switchboard://agents/beta');
    expect(beta.agent.role).toBe('tester');
    await expect(client.readResource({ uri: 'terminal://ghost/output' })).rejects.toThrow(/ghost/);
    // Another agent's terminal is read with pane.read, so it needs pane.read.others too.
    await expect(client.readResource({ uri: 'terminal://beta/output' })).rejects.toThrow(/may not read/);
    await expect(client.readResource({ uri: 'file:///etc/passwd' })).rejects.toThrow(/No resource/);
    await client.close();
    await orchestrator.close();
  });

  it('does not ask the catalog for a role that may not list it (no audited denial at each listing)', async () => {
    const { orchestrator, alpha } = await fleet();
    await orchestrator.invoke(humanCaller, 'role.update', {
      name: 'builder',
      commands: ['agent.whoami', 'agent.list', 'pane.read'],
    });
    const { client } = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toContain('terminal://alpha/output');
    expect(uris).not.toContain('terminal://beta/output');
    const denied = (await orchestrator.invoke(humanCaller, 'audit.list', {
      action: 'authorization.denied',
    })) as {
      entries: { target: string }[];
    };
    expect(denied.entries.map((e) => e.target)).not.toContain('role.list');
    await client.close();
    await orchestrator.close();
  });

  it("lists other agents' terminals only to a role that may read them (pane.read.others)", async () => {
    const { orchestrator, alpha } = await fleet();
    await orchestrator.invoke(humanCaller, 'role.update', { name: 'builder', canReadOtherPanes: true });
    const { client } = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['terminal://alpha/output', 'terminal://beta/output']));
    await client.close();
    await orchestrator.close();
  });
});

describe('notifications and lifetime', () => {
  it('pushes a watch match to the agent it notifies', async () => {
    const { orchestrator, backend, alpha, beta } = await fleet();
    // beta (a tester) watches alpha's pane: the human lets testers read other agents' panes.
    await orchestrator.invoke(humanCaller, 'role.update', { name: 'tester', canReadOtherPanes: true });
    const { client } = await connect(orchestrator, { kind: 'agent', id: beta.id });
    const notices: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void notices.push(n.params.data));
    const watch = await client.callTool({
      name: 'pane_watch',
      arguments: { target: 'alpha', pattern: 'FAIL' },
    });
    expect(watch.isError).toBeFalsy();
    await backend.sendText(alpha.paneId!, 'ok\nFAIL src/app.test.ts\n');
    await expect.poll(() => notices.length).toBe(1);
    expect(notices[0]).toMatchObject({
      type: 'pane.matched',
      agentId: alpha.id,
      line: 'FAIL src/app.test.ts',
    });
    await client.close();
    await orchestrator.close();
  });

  it("ends an agent's MCP session when the agent closes", async () => {
    const { orchestrator, alpha } = await fleet();
    const { client } = await connect(orchestrator, { kind: 'agent', id: alpha.id });
    let closed = false;
    client.onclose = () => void (closed = true);
    await orchestrator.invoke(humanCaller, 'agent.close', { agent: 'alpha' });
    await expect.poll(() => closed).toBe(true);
    await orchestrator.close();
  });
});
