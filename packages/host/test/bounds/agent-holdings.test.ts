// An agent over the real MCP endpoint cannot make the host keep more than its holdings (docs/security.md): leases past
// SWITCHBOARD_HOLDINGS_LEASES are refused `rate_limited` with nothing stored, and campaigning for new leader groups
// and resigning leaves no rows behind. Counted in the SQLite file itself.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { holdingsEnv } from '../../src/storage-quotas';
import { startTestHost } from '../host-fixture';
import { connectAgent } from '../support/mcp-agent';

describe("an agent's holdings over MCP", () => {
  let host: Host | undefined;
  let client: Client | undefined;
  const connect = async (token: string) => {
    const agent = await connectAgent(host!.mcpUrl, token);
    client = agent.client;
    return agent.call;
  };
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await host?.close();
    delete process.env[holdingsEnv('leases')];
    delete process.env[holdingsEnv('fleetForAgentSpawns')];
  });

  it('leases past the bound are refused with nothing stored; leader groups emptied are not kept', async () => {
    process.env[holdingsEnv('leases')] = '5';
    const started = await startTestHost();
    host = started.host;
    const { token } = await host.orchestrator.fleet.spawn({
      name: 'mallory',
      kind: 'shell',
      role: 'builder',
    });
    const call = await connect(token);
    const db = new Database(join(started.dataDir, 'switchboard.db'), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    try {
      const answers = [];
      for (let i = 0; i < 60; i++)
        answers.push(await call('lock_acquire', { resource: { kind: 'file', name: `src/part${i}/**` } }));
      expect(answers.slice(0, 5).every((a) => !a.isError)).toBe(true);
      for (const refused of answers.slice(5)) {
        expect(refused.isError).toBe(true);
        expect(refused.text).toContain('rate_limited');
        expect(refused.text).toContain('holdings.leases');
      }
      expect(count('SELECT count(*) AS n FROM locks')).toBe(5);

      for (let i = 0; i < 60; i++) {
        expect((await call('leader_campaign', { group: `group-${i}` })).isError).toBe(false);
        expect((await call('leader_resign', { group: `group-${i}` })).isError).toBe(false);
      }
      expect(count('SELECT count(*) AS n FROM leader_groups')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('decision waits: 40 long approval_wait calls of one agent leave 32 waiting; the oldest 8 answer at once', async () => {
    ({ host } = await startTestHost());
    const { token } = await host.orchestrator.fleet.spawn({
      name: 'mallory',
      kind: 'shell',
      role: 'builder',
    });
    const call = await connect(token);
    const raised = await call('approval_request', { kind: 'escalation', summary: 'may I?' });
    const { id } = (JSON.parse(raised.text) as { approval: { id: string } }).approval;
    const answered: { timedOut: boolean; status: string }[] = [];
    const waits = Array.from({ length: 40 }, () =>
      call('approval_wait', { id, waitMs: 600_000 }).then((answer) => {
        const { approval, timedOut } = JSON.parse(answer.text) as {
          approval: { status: string };
          timedOut: boolean;
        };
        answered.push({ timedOut, status: approval.status });
      }),
    );
    await expect.poll(() => answered.length, { timeout: 20_000 }).toBe(8);
    expect(answered.every((a) => a.timedOut && a.status === 'pending')).toBe(true);
    await host.orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id, verdict: 'approve' }],
    });
    await Promise.all(waits);
    expect(answered.slice(8).every((a) => !a.timedOut && a.status === 'approved')).toBe(true);
  });

  it('spawns: an orchestrator sending 10 agent_spawn calls at once stops at the fleet bound', async () => {
    process.env[holdingsEnv('fleetForAgentSpawns')] = '4';
    ({ host } = await startTestHost());
    const { token } = await host.orchestrator.fleet.spawn({
      name: 'boss',
      kind: 'shell',
      role: 'orchestrator',
    });
    const call = await connect(token);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call('agent_spawn', { name: `w${i}`, kind: 'shell' })),
    );
    expect(answers.filter((a) => !a.isError)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.isError))
      expect(refused.text).toContain('holdings.fleetForAgentSpawns');
    expect(host.orchestrator.fleet.listAgents()).toHaveLength(4);
  });
});
