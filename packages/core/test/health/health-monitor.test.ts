import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import { DEFAULT_TIMINGS, createOrchestrator, stateTabColor, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from './scripted-backend';

const CLAUDE_IDLE = [
  '╭───╮',
  '',
  '─'.repeat(40),
  '❯ ',
  '─'.repeat(40),
  '  ⏸ manual mode on · ? for shortcuts',
];
const CLAUDE_WORKING = [
  '',
  '✻ Kneading… (2s · ↓ 1 tokens)',
  '─'.repeat(40),
  '❯ ',
  '─'.repeat(40),
  '  ⏸ manual mode on · esc to interrupt',
];
const CLAUDE_PERMISSION = [
  ' Bash command',
  '   touch x',
  ' Do you want to proceed?',
  ' ❯ 1. Yes',
  '   2. No',
  ' Esc to cancel · Tab to amend',
];

describe('HealthMonitor in the orchestrator', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  async function setup(kind: 'claude' | 'shell' = 'claude') {
    const clock = new FakeClock();
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend, clock });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    await orchestrator.invoke(humanCaller, 'team.create', { name: 'red' });
    const { agent, token } = await orchestrator.fleet.spawn({
      name: 'a1',
      kind,
      team: 'red',
      role: 'builder',
    });
    await settle();
    /** Moves time in 10 ms steps, letting screen reads resolve in between, as they would in real time. */
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    return { clock, scripted, events, agent, token, paneId: agent.paneId!, step };
  }

  it('streams screen changes as debounced state changes with agent.updated and health.state_changed', async () => {
    const { scripted, events, agent, paneId, step } = await setup();
    scripted.show(paneId, CLAUDE_WORKING);
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    expect(orchestrator.health.get(agent.id)).toMatchObject({
      state: 'working',
      confidence: 'high',
      detector: 'claude',
    });
    scripted.show(paneId, CLAUDE_PERMISSION);
    await step(DEFAULT_TIMINGS.debounceMs + DEFAULT_TIMINGS.outputRecentMs);
    expect(orchestrator.health.get(agent.id)).toMatchObject({
      state: 'waiting_for_input',
      confidence: 'low',
    });
    const changes = events.filter((e) => e.type === 'health.state_changed');
    expect(changes.map((e) => [e.previous, e.health.state])).toEqual([
      ['starting', 'working'],
      ['working', 'waiting_for_input'],
    ]);
    const updated = events.filter((e) => e.type === 'agent.updated').map((e) => e.agent.state);
    expect(updated).toEqual(['working', 'waiting_for_input']);
    const snapshot = (await orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as {
      agents: { state: string }[];
    };
    expect(snapshot.agents[0]!.state).toBe('waiting_for_input');
  });

  it('shows the state on the badge and in the tab colour (the team hue toned by state), once per change', async () => {
    const { scripted, paneId, step } = await setup();
    const team = orchestrator.fleet.requireTeam('red');
    scripted.show(paneId, CLAUDE_IDLE);
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    const updates = scripted.appearances.get(paneId)!;
    expect(updates.at(-1)).toMatchObject({
      badge: 'a1\nbuilder · idle',
      tabColor: stateTabColor(team.color, 'idle'),
    });
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    expect(scripted.appearances.get(paneId)!.length).toBe(updates.length);
  });

  it('hooks apply at once and outrank the screen; only agents may report them, as themselves', async () => {
    const { scripted, agent, paneId, step } = await setup();
    scripted.show(paneId, CLAUDE_IDLE);
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    const caller = { kind: 'agent' as const, id: agent.id };
    const out = await orchestrator.invoke(caller, 'health.reportHook', {
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
    });
    expect(out).toEqual({ agentId: agent.id, state: 'waiting_for_input' });
    await expect(
      orchestrator.invoke(humanCaller, 'health.reportHook', { event: 'Stop' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(orchestrator.invoke(caller, 'health.reportHook', { event: 'Bogus' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    scripted.show(paneId, CLAUDE_PERMISSION);
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    expect(orchestrator.health.get(agent.id)).toMatchObject({
      state: 'waiting_for_input',
      confidence: 'high',
    });
    expect(
      orchestrator.health
        .get(agent.id)
        .signals.map((s) => s.source)
        .slice(0, 2),
    ).toEqual(['hook', 'screen']);
    await orchestrator.invoke(caller, 'health.reportHook', { event: 'PostToolUse', toolName: 'Bash' });
    expect(orchestrator.health.get(agent.id).state).toBe('working');
    await orchestrator.invoke(caller, 'health.reportHook', { event: 'Stop' });
    expect(orchestrator.health.get(agent.id).state).toBe('idle');
  });

  it('keeps a state history and an output-rate series (health.history)', async () => {
    const { scripted, agent, paneId, step, clock } = await setup();
    scripted.show(paneId, CLAUDE_WORKING);
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    scripted.show(paneId, CLAUDE_WORKING);
    await step(20_000);
    const idleShownAt = clock.now();
    scripted.show(paneId, CLAUDE_IDLE);
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    const history = (await orchestrator.invoke(humanCaller, 'health.history', { agent: 'a1' })) as {
      transitions: { state: string }[];
      outputRate: { bucketMs: number; points: { updates: number }[] };
      current: { state: string };
    };
    expect(history.transitions.map((t) => t.state)).toEqual(['working', 'idle']);
    expect(history.current.state).toBe('idle');
    expect(history.outputRate.bucketMs).toBe(10_000);
    expect(history.outputRate.points.reduce((s, p) => s + p.updates, 0)).toBe(3);
    // The state begins when the debounce accepted it: one debounce after the screen showed it (plus at most one read throttle).
    const lag = Date.parse(orchestrator.health.get(agent.id).since) - idleShownAt;
    expect(lag).toBeGreaterThanOrEqual(DEFAULT_TIMINGS.debounceMs);
    expect(lag).toBeLessThanOrEqual(DEFAULT_TIMINGS.debounceMs + 60);
  });

  it('a pane whose process ended is exited at once; OSC 133 marks and exit codes drive a shell', async () => {
    const { scripted, agent, paneId, step } = await setup('shell');
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.started' });
    scripted.show(paneId, ['$ ./ask.sh', 'Your name? '], { x: 11, y: 1 });
    await step(DEFAULT_TIMINGS.outputRecentMs + DEFAULT_TIMINGS.debounceMs);
    expect(orchestrator.health.get(agent.id)).toMatchObject({
      state: 'waiting_for_input',
      confidence: 'high',
    });
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.finished', exitStatus: 3 });
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'prompt' });
    scripted.show(paneId, ['$ ./ask.sh', 'Your name? ', '$ '], { x: 2, y: 2 });
    await step(DEFAULT_TIMINGS.debounceMs + 100);
    expect(orchestrator.health.get(agent.id)).toMatchObject({ state: 'error' });
    expect(orchestrator.health.get(agent.id).signals[0]!.detail).toBe('last command exited with status 3');
    scripted.emit({ type: 'pane.exited', paneId });
    expect(orchestrator.health.get(agent.id).state).toBe('exited');
  });

  it('one end the backend says came by itself (tmux) keeps the agent exited when its pane closes, with its status; one plain end does not', async () => {
    const { scripted, agent, paneId } = await setup('shell');
    scripted.emit({ type: 'pane.exited', paneId, endedByItself: true, exitStatus: 7 });
    expect(orchestrator.health.get(agent.id).signals[0]!.detail).toBe('process ended with status 7');
    scripted.emit({ type: 'pane.closed', paneId });
    expect(orchestrator.health.programEnded(agent)).toBe(true);
    expect(orchestrator.health.paneClosedByHand(agent.id)).toBe(false);
    await settle();
    expect(orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'exited', paneId: null });

    const other = await orchestrator.fleet.spawn({ name: 'a2', kind: 'shell', team: 'red', role: 'builder' });
    await settle();
    scripted.emit({ type: 'pane.exited', paneId: other.agent.paneId! });
    scripted.emit({ type: 'pane.closed', paneId: other.agent.paneId! });
    expect(orchestrator.health.programEnded(other.agent)).toBe(false);
    await settle();
    expect(orchestrator.fleet.requireAgent(other.agent.id)).toMatchObject({ state: 'lost', paneId: null });
  });

  it('OSC 133 marks, declared states, hooks and exit change the state at once; only the screen waits the debounce (fake clock)', async () => {
    const { scripted, agent, paneId, clock, events, step } = await setup('shell');
    const changes = () =>
      events
        .filter((e) => e.type === 'health.state_changed')
        .map((e) => [e.health.state, Date.parse(e.health.since) - clock.now()]);
    // No clock movement between the signal and the check: a debounce, however short, would show here.
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.started' });
    expect(changes()).toEqual([['working', 0]]);
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.finished', exitStatus: 2 });
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'prompt' });
    expect(changes().at(-1)).toEqual(['error', 0]);
    scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.started' });
    // A question on screen is a heuristic reading: it waits its (short) debounce (once read: past the read throttle here).
    await step(100);
    scripted.show(paneId, ['$ ./ask.sh', 'Your name? '], { x: 11, y: 1 });
    await step(DEFAULT_TIMINGS.debounceMs - 20);
    expect(orchestrator.health.get(agent.id).state).toBe('working');
    await step(40);
    expect(orchestrator.health.get(agent.id).state).toBe('waiting_for_input');
    scripted.emit({ type: 'pane.escape', paneId, identity: 'switchboard', payload: 'state=working' });
    expect(changes().at(-1)).toEqual(['working', 0]);
    await orchestrator.invoke({ kind: 'agent', id: agent.id }, 'health.reportHook', { event: 'Stop' });
    expect(changes().at(-1)).toEqual(['idle', 0]);
    scripted.emit({ type: 'pane.exited', paneId });
    expect(changes().at(-1)).toEqual(['exited', 0]);
  });

  it('an agent may declare its state with OSC 1337 SetUserVar or a custom escape sequence', async () => {
    const { scripted, agent, paneId } = await setup('shell');
    scripted.emit({
      type: 'variable.changed',
      paneId,
      name: 'user.switchboardState',
      value: '"waiting_for_input"',
    });
    expect(orchestrator.health.get(agent.id)).toMatchObject({ state: 'waiting_for_input' });
    scripted.emit({ type: 'pane.escape', paneId, identity: 'someone-else', payload: 'state=error' });
    expect(orchestrator.health.get(agent.id).state).toBe('waiting_for_input');
    scripted.emit({ type: 'pane.escape', paneId, identity: 'switchboard', payload: '{"state":"working"}' });
    expect(orchestrator.health.get(agent.id)).toMatchObject({
      state: 'working',
      signals: [expect.objectContaining({ source: 'declared' })],
    });
  });

  it('a state the program declared before its pane was adopted is read; a restart in the same pane does not inherit it', async () => {
    const { scripted } = await setup('shell');
    const pane = await scripted.backend.createPane({ placement: { kind: 'window' } });
    // Declared before Switchboard knew the pane: no variable.changed will come after the adoption.
    await scripted.backend.setVariable(pane.id, 'user.switchboardState', 'waiting_for_input');
    const adopted = (await orchestrator.invoke(humanCaller, 'agent.adopt', {
      pane: pane.id,
      name: 'found',
    })) as { id: string };
    await settle();
    expect(orchestrator.health.get(adopted.id)).toMatchObject({
      state: 'waiting_for_input',
      signals: [expect.objectContaining({ source: 'declared' })],
    });
    // The recovery ladder's restart: the same pane, whose variable still holds the old process's declaration.
    const restarted = await orchestrator.fleet.restartInPane('found');
    expect(restarted.paneId).toBe(pane.id);
    await settle();
    expect(orchestrator.health.get(adopted.id).state).toBe('starting');
  });

  it('a program that printed before its watch began (its output event came too early) still leaves starting', async () => {
    const clock = new FakeClock();
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend, clock });
    // The pane the spawn will create prints at once: its output event reaches no watch yet.
    scripted.show('pane-1', ['sleeping', ''], { x: 0, y: 1 });
    const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'sleeper',
      kind: 'shell',
    })) as {
      id: string;
      paneId: string;
    };
    expect(agent.paneId).toBe('pane-1');
    for (let t = 0; t < DEFAULT_TIMINGS.debounceMs + 100; t += 10) {
      clock.advance(10);
      await settle();
    }
    expect(orchestrator.health.get(agent.id).state).toBe('working');
  });

  it('reads the screen on output, throttled: a burst of updates costs a bounded number of reads', async () => {
    const { scripted, paneId, step } = await setup();
    const before = scripted.reads;
    for (let i = 0; i < 100; i++) scripted.show(paneId, CLAUDE_WORKING);
    await step(60);
    for (let i = 0; i < 100; i++) scripted.show(paneId, CLAUDE_WORKING);
    await step(60);
    const reads = scripted.reads - before;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(4);
  });

  it('reads a busy pane whose screen keeps saying the same thing less often', async () => {
    const { scripted, paneId, clock } = await setup();
    const readsDuring = async (ms: number) => {
      const before = scripted.reads;
      for (let t = 0; t < ms; t += 10) {
        scripted.show(paneId, CLAUDE_WORKING);
        clock.advance(10);
        await settle();
      }
      return scripted.reads - before;
    };
    const early = await readsDuring(1000);
    await readsDuring(2000);
    const late = await readsDuring(1000);
    expect(early).toBeGreaterThanOrEqual(15); // every 50 ms
    expect(late).toBeLessThanOrEqual(5); // every 250 ms once stable
  });
});

describe('HealthMonitor: output while output flows', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  it('is not re-decided per screen update; the state still follows when the output stops (fake clock)', async () => {
    const clock = new FakeClock();
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend, clock });
    await orchestrator.invoke(humanCaller, 'team.create', { name: 'red' });
    const { agent } = await orchestrator.fleet.spawn({
      name: 's1',
      kind: 'shell',
      team: 'red',
      role: 'builder',
    });
    const paneId = agent.paneId!;
    await settle();
    const state = () => orchestrator.health.get(agent.id).state;
    const run = async (ms: number, print: boolean) => {
      for (let t = 0; t < ms; t += 10) {
        if (print) scripted.show(paneId, ['building module 1', '']);
        clock.advance(10);
        await settle();
      }
    };
    await run(1000, true);
    expect(state()).toBe('working');
    const before = orchestrator.health.decisions;
    await run(2000, true); // 200 screen updates, the screen read at most every 50 ms (40 reads)
    const decided = orchestrator.health.decisions - before;
    // Before: every update was decided again (≥ 200 here); now the reads and the timed ends of the output window.
    expect(decided).toBeLessThan(60);
    expect(decided).toBeGreaterThan(0);
    expect(state()).toBe('working');
    scripted.show(paneId, ['building module 1', '$ '], { x: 2, y: 1 });
    await run(DEFAULT_TIMINGS.outputRecentMs + 4 * DEFAULT_TIMINGS.debounceMs, false);
    expect(state()).toBe('idle');
  });
});
