// What the ladder does with a program that ended, per policy: with no exited ladder (the default) it is
// reported and left alone, one at a time or many at once; a hung episode whose Ctrl+C ended the program goes on.
import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../src/index';
import { DEFAULT_RECOVERY_POLICY } from '../../src/recovery/recovery-policy';
import { EXIT_GRACE_MS } from '../../src/recovery/recovery-episode';
import { setupRecovery } from './recovery-fixture';

describe('a program that ended, and the recovery ladder (fake clock, scripted terminal)', () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(async () => orchestrator?.close());

  it('the default policy has no exited ladder: nothing but the human’s own policy revives an ended program', () => {
    expect(DEFAULT_RECOVERY_POLICY.exitedLadder).toEqual([]);
  });

  it('a program that ended by itself is reported and left alone: one skipped row, no restart, no escalation', async () => {
    const fx = await setupRecovery();
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.endsByItself(agent.paneId!);
    // Well past the grace, every cool-down, the rate limit and the breaker's reach.
    await fx.step(EXIT_GRACE_MS + 20_000);
    expect(await fx.actions(agent.id)).toEqual(['detected:skipped']);
    const row = (await fx.log(agent.id))[0]!;
    expect(row).toMatchObject({ trigger: 'exited', reason: 'process ended' });
    expect(row.detail).toMatch(/left alone, the policy has no exited ladder/);
    expect(fx.restarted).toEqual([]);
    expect(fx.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'exited', paneId: null });
    expect(await fx.call('approval.list', {})).toMatchObject({ approvals: [] });
    expect(fx.orchestrator.recovery.status(agent.id).agents[0]).toMatchObject({
      episode: null,
      breaker: 'closed',
      totalAttempts: 0,
    });
  });

  it('twenty programs ending in the same instant: each reported once, none restarted or replaced', async () => {
    const fx = await setupRecovery();
    orchestrator = fx.orchestrator;
    const agents = [];
    for (let i = 0; i < 20; i++)
      agents.push(
        (await fx.orchestrator.fleet.spawn({ name: `w${i}`, kind: 'shell', role: 'builder' })).agent,
      );
    await Promise.all(agents.map((agent) => fx.endsByItself(agent.paneId!)));
    await fx.step(EXIT_GRACE_MS + 20_000);
    expect(await fx.actions()).toEqual(agents.map(() => 'detected:skipped'));
    expect(fx.restarted).toEqual([]);
    expect(fx.orchestrator.fleet.listAgents().map((a) => a.state)).toEqual(agents.map(() => 'exited'));
  });

  it('an exited ladder the human wrote is followed; emptied again, exits are left alone again', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart'] } });
    orchestrator = fx.orchestrator;
    const first = await fx.working('w1');
    await fx.endsByItself(first.paneId!);
    await fx.step(EXIT_GRACE_MS + 100);
    expect(await fx.actions(first.id)).toEqual(['detected', 'restart']);
    await fx.call('recovery.configure', { exitedLadder: [] });
    const second = await fx.working('w2');
    await fx.endsByItself(second.paneId!);
    await fx.step(EXIT_GRACE_MS + 5_000);
    expect(await fx.actions(second.id)).toEqual(['detected:skipped']);
  });

  it('a hung program that our Ctrl+C ends: the hung ladder goes on to restart, past its other Ctrl+C', async () => {
    const fx = await setupRecovery({
      policy: { hungLadder: ['interrupt', 'restart'] },
      keysEndProgram: true,
    });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.stepUntil(() => fx.keys.length > 0);
    // The interrupt's own cool-down (5 s in the fixture) is not waited for: only the exit's grace.
    await fx.step(EXIT_GRACE_MS + 100);
    expect((await fx.log(agent.id)).map((e) => `${e.action}:${e.trigger}:${e.outcome}`)).toEqual([
      'detected:hung:ok',
      'detected:hung:ok',
      'interrupt:hung:ok',
      'restart:hung:ok',
    ]);
    expect((await fx.log(agent.id))[1]!.detail).toMatch(/our Ctrl\+C ended the program/);
    expect(fx.keys).toHaveLength(1);
    expect(fx.restarted).toEqual([agent.paneId]);
  });

  it('a hung program that ends after a nudge (not by our keys) is left alone like any exit', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['nudge', 'restart'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.stepUntil(() =>
      fx.events.some((e) => e.type === 'recovery.step_finished' && e.step === 'nudge'),
    );
    await fx.endsByItself(agent.paneId!);
    await fx.step(EXIT_GRACE_MS + 10_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'nudge', 'detected:skipped']);
    expect(fx.restarted).toEqual([]);
    expect(fx.orchestrator.recovery.status(agent.id).agents[0]!.episode).toBeNull();
  });

  it('a hung program closed by hand after our Ctrl+C ended it is left alone', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['interrupt', 'restart'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.stepUntil(() => fx.keys.length > 0);
    // One exit report, then the pane closes: iTerm2's sign of a close by hand.
    fx.scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    await fx.scripted.backend.closePane(agent.paneId!);
    await fx.step(EXIT_GRACE_MS + 10_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'interrupt', 'detected', 'detected:skipped']);
    expect((await fx.log(agent.id)).at(-1)!.detail).toMatch(/closed by hand/);
    expect(fx.restarted).toEqual([]);
  });
});
