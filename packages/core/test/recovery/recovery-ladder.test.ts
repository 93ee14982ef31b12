import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Approval } from '@switchboard/protocol';
import type { Orchestrator } from '../../src/index';
import { EXIT_GRACE_MS } from '../../src/recovery/recovery-episode';
import { HUNG_AFTER, setupRecovery } from './recovery-fixture';

describe('the recovery ladder (fake clock, scripted terminal)', () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(async () => orchestrator?.close());

  it('climbs nudge → interrupt (its attempts) → restart, one step per cool-down while the agent stays hung', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['nudge', 'interrupt', 'restart'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.stepUntil(() => fx.state(agent.id) === 'hung');
    expect(await fx.actions(agent.id)).toEqual(['detected', 'nudge']);
    const inbox = await fx.call<{ messages: { body: string }[] }>('message.receive', { agent: agent.id });
    expect(inbox.messages[0]!.body).toMatch(/silent for a while/);
    // The cool-down holds the next step back even though the agent is still hung.
    await fx.step(5_000 - 100);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'nudge']);
    await fx.step(100);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'nudge', 'interrupt']);
    expect(fx.keys).toEqual([{ paneId: agent.paneId, keys: ['ctrl+c'] }]);
    await fx.step(5_000);
    await fx.step(5_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'nudge', 'interrupt', 'interrupt', 'restart']);
    expect(fx.keys).toHaveLength(2);
    expect(fx.restarted).toEqual([agent.paneId]);
    const log = await fx.log(agent.id);
    expect(log.map((e) => e.attempt)).toEqual([0, 1, 1, 2, 1]);
    expect(log[4]).toMatchObject({
      trigger: 'hung',
      reason: 'no heartbeat for 1s while working',
      detail: 'restarted its command in the same pane',
    });
    const events = fx.events
      .filter((e) => e.type === 'recovery.step_started' || e.type === 'recovery.step_finished')
      .map((e) => `${e.type}:${e.step}`);
    expect(events.slice(0, 2)).toEqual(['recovery.step_started:nudge', 'recovery.step_finished:nudge']);
    const status = fx.orchestrator.recovery.status(agent.id).agents[0]!;
    expect(status).toMatchObject({
      totalAttempts: 4,
      lastStep: { step: 'restart', outcome: 'ok' },
      breaker: 'closed',
    });
  });

  it('a nudge can be typed into the pane instead of sent as a message', async () => {
    const fx = await setupRecovery({
      policy: { hungLadder: ['nudge'], nudgeVia: 'text', nudgeText: 'still there?' },
    });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.stepUntil(() => fx.typed.length > 0);
    await fx.stepUntil(() => fx.typed.length > 1);
    // Through the input gate: the text, then (after the paste settled and the pane was checked again) Enter.
    expect(fx.typed).toEqual([
      { paneId: agent.paneId, text: 'still there?' },
      { paneId: agent.paneId, text: '\r' },
    ]);
    expect((await fx.log(agent.id)).at(-1)).toMatchObject({
      action: 'nudge',
      detail: 'typed the nudge into its pane',
    });
    expect((await fx.call<{ messages: unknown[] }>('message.receive', { agent: agent.id })).messages).toEqual(
      [],
    );
  });

  it('ends the episode as recovered once the agent stays out of trouble; the next hang starts at the bottom again', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['nudge', 'interrupt'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.step(HUNG_AFTER);
    fx.scripted.emit({ type: 'pane.prompt', paneId: agent.paneId!, phase: 'prompt' });
    await fx.step(500);
    expect(fx.state(agent.id)).toBe('idle');
    await fx.step(30_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'nudge', 'recovered']);
    expect(fx.orchestrator.recovery.status(agent.id).agents[0]!.episode).toBeNull();
    fx.scripted.emit({ type: 'pane.prompt', paneId: agent.paneId!, phase: 'command.started' });
    await fx.step(500 + HUNG_AFTER);
    expect((await fx.actions(agent.id)).slice(3)).toEqual(['detected', 'nudge']);
  });

  it('a fleet-wide rate limit spreads steps over time across agents', async () => {
    const fx = await setupRecovery({
      policy: {
        hungLadder: ['interrupt'],
        steps: { interrupt: { attempts: 2, coolDownMs: 60_000 } },
        globalRate: { perMinute: 6, burst: 1 },
      },
    });
    orchestrator = fx.orchestrator;
    const a = await fx.working('a');
    const b = await fx.working('b');
    await fx.step(HUNG_AFTER);
    expect(fx.state(b.id)).toBe('hung');
    const steps = async () =>
      (await fx.log()).filter((e) => e.action === 'interrupt').map((e) => `${e.agentName}:${e.outcome}`);
    expect(await steps()).toEqual(['a:ok', 'b:skipped']);
    expect((await fx.log(b.id)).at(-1)!.detail).toMatch(/fleet-wide rate limit: next try in 10s/);
    // The next token comes 10 s after a's step (6 a minute, burst 1): b's step waits until then, not longer.
    const aStepAt = Date.parse((await fx.log(a.id)).find((e) => e.action === 'interrupt')!.at);
    await fx.step(aStepAt + 10_000 - 50 - fx.clock.now());
    expect(await steps()).toEqual(['a:ok', 'b:skipped']);
    await fx.step(100);
    expect(await steps()).toEqual(['a:ok', 'b:skipped', 'b:ok']);
    expect(fx.keys.map((k) => k.paneId)).toEqual([a.paneId, b.paneId]);
  });

  it('the breaker opens after repeated failures, stops automatic recovery and escalates exactly once', async () => {
    const fx = await setupRecovery({
      policy: {
        hungLadder: ['interrupt'],
        steps: { interrupt: { attempts: 10, coolDownMs: 5_000 } },
        breaker: { maxFailures: 3, windowMs: 600_000 },
      },
    });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.step(HUNG_AFTER + 5_000 * 4);
    expect(await fx.actions(agent.id)).toEqual([
      'detected',
      'interrupt',
      'interrupt',
      'interrupt',
      'breaker_opened',
    ]);
    const pending = await fx.call<{ approvals: Approval[] }>('approval.list', { kind: 'escalation' });
    expect(pending.approvals).toHaveLength(1);
    expect(pending.approvals[0]).toMatchObject({
      requester: agent.id,
      choices: ['retry recovery', 'leave it'],
    });
    expect(fx.events.filter((e) => e.type === 'recovery.breaker_opened')).toMatchObject([
      { agentId: agent.id, failures: 3, approvalId: pending.approvals[0]!.id },
    ]);
    // Open: more hangs, no more steps and no second escalation.
    fx.scripted.emit({ type: 'pane.output', paneId: agent.paneId! });
    await fx.step(HUNG_AFTER * 3 + 60_000);
    expect(fx.keys).toHaveLength(3);
    expect(
      (await fx.call<{ approvals: Approval[] }>('approval.list', { kind: 'escalation' })).approvals,
    ).toHaveLength(1);
    expect(fx.orchestrator.recovery.status(agent.id).agents[0]).toMatchObject({
      breaker: 'open',
      failures: 3,
    });
    // The human says try again: the breaker closes and the ladder starts over.
    await fx.call('approval.decide', { decisions: [{ id: pending.approvals[0]!.id, verdict: 'approve' }] });
    expect(fx.orchestrator.recovery.status(agent.id).agents[0]).toMatchObject({
      breaker: 'closed',
      failures: 0,
    });
    await fx.step(100);
    expect((await fx.actions(agent.id)).slice(-3)).toEqual(['breaker_closed', 'detected', 'interrupt']);
  });

  it('an escalate step and the breaker share one pending approval', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['escalate'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.step(HUNG_AFTER + 5_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'escalate', 'breaker_opened']);
    const pending = await fx.call<{ approvals: Approval[] }>('approval.list', { kind: 'escalation' });
    expect(pending.approvals).toHaveLength(1);
    expect(pending.approvals[0]!.summary).toMatch(/Agent w1 is hung \(no heartbeat for 1s while working\)/);
  });

  // Session 26: reset closed the breaker and forgot the escalation, which stayed pending; deciding it later did nothing.
  it('a reset by the person answers the escalation: its item is withdrawn, not left to decide for nothing', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['escalate'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.step(HUNG_AFTER + 5_000);
    const list = async () =>
      (await fx.call<{ approvals: Approval[] }>('approval.list', { kind: 'escalation' })).approvals;
    const [escalation] = await list();
    await fx.call('recovery.reset', { agent: agent.id });
    // Still hung, the ladder starts over (here: a new escalation); the answered one is gone from the queue.
    expect((await list()).map((a) => a.id)).not.toContain(escalation!.id);
    expect(fx.events.filter((e) => e.type === 'approval.withdrawn')).toMatchObject([
      { approval: { id: escalation!.id }, reason: 'recovery was reset by the human: the breaker is closed' },
    ]);
  });

  it('pause and resume, fleet-wide and per agent; detection goes on while paused', async () => {
    const fx = await setupRecovery({ policy: { hungLadder: ['interrupt'] } });
    orchestrator = fx.orchestrator;
    expect(await fx.call('health.pause', { reason: 'deploying' })).toEqual({ paused: true, agentId: null });
    const agent = await fx.working('w1');
    await fx.step(HUNG_AFTER + 10_000);
    expect(fx.state(agent.id)).toBe('hung');
    expect(await fx.actions(agent.id)).toEqual(['detected', 'detected:skipped']);
    expect(fx.keys).toEqual([]);
    expect(fx.orchestrator.recovery.status(agent.id)).toMatchObject({
      paused: true,
      agents: [{ paused: true, pausedSelf: false }],
    });
    await fx.call('health.pause', { agent: 'w1' });
    await fx.call('health.resume', {});
    await fx.step(100);
    expect(fx.keys).toEqual([]);
    expect(fx.orchestrator.recovery.status(agent.id)).toMatchObject({
      paused: false,
      agents: [{ paused: true, pausedSelf: true }],
    });
    await fx.call('health.resume', { agent: 'w1' });
    await fx.step(100);
    expect(fx.keys).toHaveLength(1);
    const fleetRows = (
      await fx.call<{ entries: { action: string; agentId: string }[] }>('recovery.log', { agent: 'fleet' })
    ).entries;
    expect(fleetRows.map((e) => e.action)).toEqual(['resumed', 'paused']);
    expect(
      fx.events
        .filter((e) => e.type === 'recovery.paused' || e.type === 'recovery.resumed')
        .map((e) => `${e.type}:${e.agentId === null ? 'fleet' : 'w1'}`),
    ).toEqual([
      'recovery.paused:fleet',
      'recovery.paused:w1',
      'recovery.resumed:fleet',
      'recovery.resumed:w1',
    ]);
    await expect(
      fx.orchestrator.invoke({ kind: 'agent', id: agent.id }, 'health.pause', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('an exited agent goes straight to its own ladder (restart, then replace)', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart', 'replace'] } });
    orchestrator = fx.orchestrator;
    const { agent } = await fx.orchestrator.fleet.spawn({ name: 'x1', kind: 'shell', role: 'builder' });
    fx.scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    // A short grace first: a pane closed by hand also reports an exit.
    await fx.step(EXIT_GRACE_MS - 100);
    expect(await fx.actions(agent.id)).toEqual(['detected']);
    await fx.step(200);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'restart']);
    expect(fx.restarted).toEqual([agent.paneId]);
    expect(fx.state(agent.id)).toBe('starting');
    fx.scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    await fx.step(5_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'restart', 'replace']);
    expect(fx.orchestrator.fleet.repository.findAgent(agent.id)).toBeUndefined();
    expect(fx.orchestrator.fleet.requireAgent('x1-r2')).toMatchObject({ kind: 'shell', role: 'builder' });
  });

  it('Ctrl+C that ends the program turns the episode into an exit, and the exit ladder takes over', async () => {
    const fx = await setupRecovery({
      policy: { hungLadder: ['interrupt'], exitedLadder: ['restart'] },
      keysEndProgram: true,
    });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.stepUntil(() => fx.keys.length > 0);
    await fx.step(EXIT_GRACE_MS + 100);
    expect((await fx.log(agent.id)).map((e) => `${e.action}:${e.trigger}`)).toEqual([
      'detected:hung',
      'detected:exited',
      'interrupt:hung',
      'restart:exited',
    ]);
    expect(fx.restarted).toEqual([agent.paneId]);
  });

  it('a pane closed by hand is left alone: exited, but no recovery', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    fx.scripted.emit({ type: 'pane.closed', paneId: agent.paneId! });
    await fx.step(10_000);
    const history = await fx.call<{ transitions: { state: string; signals: { detail: string }[] }[] }>(
      'health.history',
      { agent: agent.id },
    );
    expect(history.transitions.at(-1)).toMatchObject({ state: 'exited' });
    expect(history.transitions.at(-1)!.signals[0]!.detail).toBe('pane closed while its process ran');
    expect(await fx.actions(agent.id)).toEqual([]);
    expect(fx.restarted).toEqual([]);
    // Its program was running when the pane went: `lost` (restore brings it back), not `exited`.
    expect(fx.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'lost', paneId: null });
  });

  it('an exit followed by the pane closing, reported once (closed by hand in iTerm2), is left alone', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    fx.scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    fx.scripted.emit({ type: 'pane.closed', paneId: agent.paneId! });
    await fx.step(EXIT_GRACE_MS + 5_000);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'detected:skipped']);
    expect(fx.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'lost', paneId: null });
    expect((await fx.log(agent.id)).at(-1)!.detail).toMatch(/closed by hand/);
    expect(fx.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'lost', paneId: null });
  });

  it('a process that ended by itself (reported twice, then its pane closed) is restarted in a new pane', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['restart'] } });
    orchestrator = fx.orchestrator;
    const agent = await fx.working('w1');
    await fx.endsByItself(agent.paneId!);
    await fx.step(EXIT_GRACE_MS + 100);
    expect(await fx.actions(agent.id)).toEqual(['detected', 'restart']);
    expect((await fx.log(agent.id)).at(-1)!.detail).toBe(
      'started again in a new pane at its place (its pane had closed)',
    );
    expect(fx.orchestrator.fleet.requireAgent(agent.id).paneId).not.toBe(agent.paneId);
  });

  it('replace re-delivers the old agent’s un-acknowledged messages to the replacement, in the same team', async () => {
    const fx = await setupRecovery({ policy: { exitedLadder: ['replace'] } });
    orchestrator = fx.orchestrator;
    await fx.call('team.create', { name: 'red' });
    const { agent } = await fx.orchestrator.fleet.spawn({
      name: 'x1',
      kind: 'shell',
      role: 'tester',
      team: 'red',
    });
    await fx.call('message.send', { to: { agent: 'x1' }, body: 'run the suite', typeIntoPane: 'never' });
    await fx.call('message.send', { to: { agent: 'x1' }, body: 'already handled', typeIntoPane: 'never' });
    const self = { kind: 'agent' as const, id: agent.id };
    const got = (await fx.orchestrator.invoke(self, 'message.receive', {})) as {
      messages: { id: string; body: string }[];
    };
    const handled = got.messages.find((m) => m.body === 'already handled')!;
    await fx.orchestrator.invoke(self, 'message.ack', { messageIds: [handled.id] });
    fx.scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    await fx.step(EXIT_GRACE_MS + 100);
    const replacement = fx.orchestrator.fleet.requireAgent('x1-r2');
    expect(replacement).toMatchObject({
      role: 'tester',
      teamId: fx.orchestrator.fleet.requireTeam('red').id,
    });
    const inbox = (await fx.orchestrator.invoke(
      { kind: 'agent', id: replacement.id },
      'message.receive',
      {},
    )) as { messages: { body: string }[] };
    expect(inbox.messages.map((m) => m.body)).toEqual(['run the suite']);
    const row = (await fx.log(agent.id)).at(-1)!;
    expect(row).toMatchObject({ action: 'replace', outcome: 'ok', agentName: 'x1' });
    expect(row.detail).toMatch(/replaced by x1-r2 .*; 1 un-acknowledged message\(s\) re-delivered/);
    expect(
      (await fx.call<{ entries: unknown[] }>('recovery.log', { agent: agent.id, action: 'replace' })).entries,
    ).toHaveLength(1);
  });

  it('pauses, breakers and the policy survive a restart of the host', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-recovery-persist-'));
    const databasePath = join(dataDir, 'db.sqlite');
    const first = await setupRecovery({ databasePath, dataDir, policy: { nudgeText: 'wake up' } });
    const { agent } = await first.orchestrator.fleet.spawn({ name: 'p1', kind: 'shell', role: 'builder' });
    await first.call('health.pause', {});
    await first.call('health.pause', { agent: 'p1' });
    await first.orchestrator.close();
    const second = await setupRecovery({ databasePath, dataDir });
    orchestrator = second.orchestrator;
    const status = await second.orchestrator.invoke(humanCaller, 'recovery.status', { agent: agent.id });
    expect(status).toMatchObject({ paused: true, agents: [{ pausedSelf: true }] });
    expect(await second.call('recovery.configure', {})).toMatchObject({ nudgeText: 'wake up' });
    expect((await second.log()).map((e) => e.action)).toEqual(['paused', 'paused']);
  });

  it('rejects bad input with a typed error and changes nothing', async () => {
    const fx = await setupRecovery();
    orchestrator = fx.orchestrator;
    await expect(fx.call('recovery.configure', { hungLadder: ['dance'] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(fx.call('health.pause', { agent: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(fx.call('recovery.log', { since: 'yesterday' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(fx.orchestrator.recovery.status(undefined).paused).toBe(false);
  });
});
