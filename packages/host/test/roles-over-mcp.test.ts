import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../src/index';
import { startTestHost } from './host-fixture';

/** The role check is the dispatcher's, so an agent on the real MCP endpoint meets it exactly as in core. */
describe('roles and locks over the real MCP endpoint', () => {
  let host: Host | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await host?.close();
  });

  async function agentClient(name: string, role: string): Promise<Client> {
    const { token } = await host!.orchestrator.fleet.spawn({ name, kind: 'shell', role });
    const client = new Client({ name, version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(host!.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }
  const errorOf = (result: Record<string, unknown>) =>
    JSON.parse((result['content'] as { text: string }[])[0]!.text) as {
      error: { code: string; message: string; details?: Record<string, unknown> };
    };

  it('a monitor is refused lock_acquire with forbidden naming the permission, audited; listing tools audits nothing', async () => {
    ({ host } = await startTestHost());
    const monitor = await agentClient('watcher', 'monitor');
    const { tools } = await monitor.listTools();
    expect(tools.map((t) => t.name)).toContain('lock_list');
    expect(tools.map((t) => t.name)).not.toContain('lock_acquire');
    expect(host.orchestrator.audit.list({ action: 'authorization.denied' })).toEqual([]);

    const refused = await monitor.callTool({
      name: 'lock_acquire',
      arguments: { resource: { kind: 'branch', name: 'main' } },
    });
    expect(refused.isError).toBe(true);
    expect(errorOf(refused).error).toMatchObject({
      code: 'forbidden',
      details: { missing: 'command:lock.acquire', role: 'monitor' },
    });
    expect(host.orchestrator.audit.list({ action: 'authorization.denied' })).toHaveLength(1);
  });

  it('two builders contend for a branch: the second is told who holds it', async () => {
    ({ host } = await startTestHost());
    const alice = await agentClient('alice', 'builder');
    const bob = await agentClient('bob', 'builder');
    const held = await alice.callTool({
      name: 'lock_acquire',
      arguments: { resource: { kind: 'branch', name: 'release' } },
    });
    expect(held.isError).toBeFalsy();
    const refused = await bob.callTool({
      name: 'lock_acquire',
      arguments: { resource: { kind: 'branch', name: 'release' } },
    });
    expect(errorOf(refused).error).toMatchObject({ code: 'locked', details: { holderName: 'alice' } });
    expect(host.orchestrator.audit.verify().ok).toBe(true);
  });
});
