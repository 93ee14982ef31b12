import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../src/index';
import { HUNG_AFTER, setupRecovery } from './recovery-fixture';

describe('hang detection: heartbeats and a timer per agent', () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(async () => orchestrator?.close());

  it('declares a silent working agent hung as soon as the threshold passes, not before', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: [] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    expect(fx.state(agent.id)).toBe('working');
    const since = fx.orchestrator.recovery.status(agent.id).agents[0]!.heartbeat!;
    const quietFor = fx.clock.now() - Date.parse(since.at);
    await fx.step(HUNG_AFTER - quietFor - 50);
    expect(fx.state(agent.id)).toBe('working');
    await fx.step(50);
    expect(fx.state(agent.id)).toBe('hung');
    expect(fx.orchestrator.health.get(agent.id).signals[0]).toMatchObject({
      source: 'output',
      state: 'hung',
      detail: 'no heartbeat for 1s while working',
    });
    // An empty ladder has nothing automatic to try: the human is asked at once.
    expect(await fx.actions(agent.id)).toEqual(['detected', 'breaker_opened']);
  });

  it('output, agent calls and health.heartbeat are heartbeats; a heartbeat brings a hung agent back at once', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: [] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    const self = { kind: 'agent' as const, id: agent.id };
    for (let i = 0; i < 5; i++) {
      await fx.step(HUNG_AFTER - 200);
      if (i % 3 === 0) fx.scripted.emit({ type: 'pane.output', paneId: agent.paneId! });
      else if (i % 3 === 1) await fx.orchestrator.invoke(self, 'agent.whoami', {});
      else await fx.orchestrator.invoke(self, 'health.heartbeat', { note: 'still compiling' });
    }
    expect(fx.state(agent.id)).toBe('working');
    await fx.step(HUNG_AFTER);
    expect(fx.state(agent.id)).toBe('hung');
    const out = await fx.orchestrator.invoke(self, 'health.heartbeat', {});
    expect(out).toMatchObject({ agentId: agent.id });
    expect(fx.state(agent.id)).toBe('working');
    expect(fx.orchestrator.recovery.status(agent.id).agents[0]!.heartbeat).toMatchObject({
      source: 'explicit',
      ageMs: 0,
    });
    await expect(fx.call('health.heartbeat', {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("an agent waiting for a person's decision is not hung however long it is silent; the answer restarts its clock", async () => {
    const fx = await setupRecovery({ policy: { hungLadder: [] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('asker');
    const self = { kind: 'agent' as const, id: agent.id };
    const first = (await fx.orchestrator.invoke(self, 'approval.request', {
      kind: 'escalation',
      summary: 'Ship it?',
    })) as { approval: { id: string } };
    const second = (await fx.orchestrator.invoke(self, 'approval.request', {
      kind: 'escalation',
      summary: 'And tag it?',
    })) as { approval: { id: string } };
    await fx.step(10 * HUNG_AFTER);
    expect(fx.state(agent.id)).toBe('working');
    // One answered, one still pending: still waiting for the person.
    await fx.call('approval.decide', { decisions: [{ id: first.approval.id, verdict: 'approve' }] });
    await fx.step(10 * HUNG_AFTER);
    expect(fx.state(agent.id)).toBe('working');
    await fx.call('approval.decide', { decisions: [{ id: second.approval.id, verdict: 'deny' }] });
    await fx.step(HUNG_AFTER - 50);
    expect(fx.state(agent.id)).toBe('working');
    // Silent after the answer: working with no progress is hung again.
    await fx.step(100);
    expect(fx.state(agent.id)).toBe('hung');
  });

  it('an idle agent is silent by design and never hung; thresholds follow role, then kind, then the default', async () => {
    const fx = await setupRecovery({
      policy: { hungLadder: [], hungAfterMs: { roles: { researcher: 7_000 } } },
    });
    orchestrator = fx.orchestrator;
    const { agent } = await fx.orchestrator.fleet.spawn({ name: 'idle-1', kind: 'shell', role: 'builder' });
    fx.scripted.emit({ type: 'pane.prompt', paneId: agent.paneId!, phase: 'prompt' });
    await fx.step(10 * HUNG_AFTER);
    expect(fx.state(agent.id)).toBe('idle');
    const { agent: thinker } = await fx.orchestrator.fleet.spawn({
      name: 'r1',
      kind: 'claude',
      role: 'researcher',
    });
    const status = await fx.call<{ agents: { name: string; hungAfterMs: number }[] }>('recovery.status', {});
    expect(status.agents.map((a) => [a.name, a.hungAfterMs])).toEqual([
      ['idle-1', HUNG_AFTER],
      [thinker.name, 7_000],
    ]);
  });

  it('changing a threshold re-arms the running timers', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: [] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.call('recovery.configure', { hungAfterMs: { kinds: { shell: 60_000 } } });
    await fx.step(30_000);
    expect(fx.state(agent.id)).toBe('working');
    await fx.step(30_000);
    expect(fx.state(agent.id)).toBe('hung');
  });
});
