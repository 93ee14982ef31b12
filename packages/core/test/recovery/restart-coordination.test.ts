import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../src/index';
import { EXIT_GRACE_MS } from '../../src/recovery/recovery-episode';
import { setupRecovery } from './recovery-fixture';

let orchestrator: Orchestrator | undefined;
afterEach(async () => {
  await orchestrator?.close();
  orchestrator = undefined;
});

/** Live (unrevoked) tokens of an agent: exactly one after any restart, or an agent holds a token that no longer works. */
const liveTokens = (fx: Awaited<ReturnType<typeof setupRecovery>>, agentId: string) =>
  (
    fx.orchestrator.fleet.repository as unknown as {
      store: { db: { prepare(sql: string): { get(id: string): { n: number } } } };
    }
  ).store.db
    .prepare('SELECT COUNT(*) AS n FROM agent_tokens WHERE agent_id = ? AND revoked_at IS NULL')
    .get(agentId).n;

describe('one restart per request: agent.restart and the recovery ladder coordinate', () => {
  it('a human restart of an agent whose process just ended is the only restart; recovery does not restart it again', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart', 'replace'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.endsByItself(agent.paneId!);
    await fx.step(EXIT_GRACE_MS / 2);
    const restarted = await fx.call<{ paneId: string }>('agent.restart', { agent: 'w1' });
    await fx.step(20_000);
    expect(await fx.actions(agent.id)).not.toContain('restart');
    expect(await fx.actions(agent.id)).not.toContain('replace');
    expect(fx.orchestrator.fleet.requireAgent(agent.id).paneId).toBe(restarted.paneId);
    expect(liveTokens(fx, agent.id)).toBe(1);
  });

  it("a human restart of a live agent: the old pane's process ending as the restart closes it starts no recovery", async () => {
    const ends: { process?: (paneId: string) => void } = {};
    const fx = await setupRecovery({
      policy: { exitedLadder: ['restart', 'replace'] },
      onClosePane: (paneId) => ends.process?.(paneId),
    });
    ends.process = (paneId) => fx.scripted.emit({ type: 'pane.exited', paneId });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w2');
    const restarted = await fx.call<{ paneId: string }>('agent.restart', { agent: 'w2' });
    await fx.step(20_000);
    expect(await fx.actions(agent.id)).toEqual([]);
    expect(fx.orchestrator.fleet.requireAgent(agent.id).paneId).toBe(restarted.paneId);
    expect(liveTokens(fx, agent.id)).toBe(1);
  });

  it('a recovery restart in the pane: its own exit report does not start a second restart', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart', 'replace'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w3');
    fx.scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    await fx.step(EXIT_GRACE_MS + 100);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'restart']);
    await fx.step(20_000);
    expect(fx.restarted).toEqual([agent.paneId]);
    expect(liveTokens(fx, agent.id)).toBe(1);
  });
});
