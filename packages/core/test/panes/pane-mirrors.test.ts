import { describe, expect, it } from 'vitest';
import {
  humanCaller,
  type EventOf,
  type SwitchboardError,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';

type Frame = EventOf<'pane.screen'>;

async function setup() {
  const clock = new FakeClock();
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock });
  const frames: Frame[] = [];
  orchestrator.subscribe((e: SwitchboardEvent) => e.type === 'pane.screen' && frames.push(e));
  const { agent } = await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder' });
  const paneId = agent.paneId!;
  const call = <T>(name: string, input: unknown) =>
    orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  /** Lets the memory backend's reads settle, then moves the clock by `ms`, then settles again. */
  const step = async (ms = 0) => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    clock.advance(ms);
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return { clock, backend, orchestrator, frames, agent, paneId, call, step };
}

describe('pane.mirror', () => {
  it('produces no frames for a pane nobody mirrors', async () => {
    const { backend, paneId, frames, step } = await setup();
    await backend.sendText(paneId, 'hello\n');
    await step(1_000);
    expect(frames).toEqual([]);
  });

  it('answers first, then sends a full frame, then only what changed', async () => {
    const { backend, paneId, agent, frames, call, step } = await setup();
    await backend.sendText(paneId, 'one\ntwo');
    const answer = await call('pane.mirror', { target: 'alpha' });
    expect(answer).toEqual({ paneId, agentId: agent.id, viewers: 1 });
    expect(frames).toEqual([]);
    await step(0);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      paneId,
      agentId: agent.id,
      frame: 1,
      full: true,
      rows: 2,
      changes: [
        { row: 0, text: 'one' },
        { row: 1, text: 'two' },
      ],
      cursor: { x: 3, y: 1 },
    });
    await backend.sendText(paneId, '!');
    await step(100);
    expect(frames[1]).toMatchObject({
      frame: 2,
      full: false,
      rows: 2,
      changes: [{ row: 1, text: 'two!' }],
      cursor: { x: 4, y: 1 },
    });
  });

  it('throttles a chatty pane to one frame per interval carrying the latest screen', async () => {
    const { backend, paneId, frames, call, step } = await setup();
    await call('pane.mirror', { target: paneId });
    await step(0);
    for (let i = 0; i < 10; i++) await backend.sendText(paneId, String(i));
    await step(0);
    expect(frames).toHaveLength(1);
    await step(33);
    expect(frames).toHaveLength(2);
    expect(frames[1]!.changes).toEqual([{ row: 0, text: '0123456789' }]);
  });

  it('counts viewers: frames stop after the last pane.unmirror', async () => {
    const { backend, paneId, frames, call, step } = await setup();
    await call('pane.mirror', { target: paneId });
    expect(await call('pane.mirror', { target: 'alpha' })).toMatchObject({ viewers: 2 });
    await step(0);
    expect(frames.filter((f) => f.full)).toHaveLength(1);
    expect(await call('pane.unmirror', { paneId })).toEqual({ paneId, viewers: 1 });
    await backend.sendText(paneId, 'still watched');
    await step(100);
    expect(frames).toHaveLength(2);
    expect(await call('pane.unmirror', { paneId })).toEqual({ paneId, viewers: 0 });
    await backend.sendText(paneId, ' and now not');
    await step(100);
    expect(frames).toHaveLength(2);
    expect(await call('pane.unmirror', { paneId })).toEqual({ paneId, viewers: 0 });
  });

  it('sends a full frame again when another viewer joins (a resync)', async () => {
    const { paneId, frames, call, step } = await setup();
    await call('pane.mirror', { target: paneId });
    await step(0);
    await call('pane.mirror', { target: paneId });
    await step(100);
    expect(frames.map((f) => [f.frame, f.full])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('takes no sequence number of its own, so other clients see no gap', async () => {
    const { orchestrator, backend, paneId, frames, call, step } = await setup();
    const all: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => all.push(e));
    await call('team.create', { name: 'before' });
    await call('pane.mirror', { target: paneId });
    await step(0);
    await backend.sendText(paneId, 'more');
    await step(100);
    await call('team.create', { name: 'after' });
    expect(frames).toHaveLength(2);
    // Facts (here team.create, and health's state change after the output) number on without a gap;
    // each frame carries the number of the last fact before it.
    const facts = all.filter((e) => e.type !== 'pane.screen');
    expect(facts.map((f) => f.sequence - facts[0]!.sequence)).toEqual(facts.map((_, i) => i));
    all.forEach((event, i) => {
      if (event.type === 'pane.screen')
        expect(event.sequence).toBe(
          all
            .slice(0, i)
            .filter((e) => e.type !== 'pane.screen')
            .at(-1)!.sequence,
        );
    });
  });

  it('forgets a closed pane', async () => {
    const { backend, paneId, frames, call, step } = await setup();
    await call('pane.mirror', { target: paneId });
    await step(0);
    await backend.closePane(paneId);
    await step(100);
    expect(await call('pane.unmirror', { paneId })).toEqual({ paneId, viewers: 0 });
    expect(frames).toHaveLength(1);
  });

  it('refuses unknown targets and agents as callers', async () => {
    const { orchestrator, agent } = await setup();
    const failure = (caller: Parameters<typeof orchestrator.invoke>[0], input: unknown) =>
      orchestrator.invoke(caller, 'pane.mirror', input).then(
        () => {
          throw new Error('expected a failure');
        },
        (e: unknown) => e as SwitchboardError,
      );
    expect((await failure(humanCaller, { target: 'ghost' })).code).toBe('not_found');
    expect((await failure(humanCaller, {})).code).toBe('invalid_input');
    expect((await failure({ kind: 'agent', id: agent.id }, { target: 'alpha' })).code).toBe('forbidden');
  });
});
