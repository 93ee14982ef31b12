import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import { createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from '../health/scripted-backend';
import { PERMISSION } from '../fixtures/claude-screens';

/**
 * Health, prompts, a mirror and an output watch all follow one pane: each screen change costs one
 * backend read, which every one of them hears (counted at the backend).
 */
describe('one screen reader per pane', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  it('reads each screen change once for health, prompts, the mirror and a watch together', async () => {
    const clock = new FakeClock();
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend, clock });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    const of = <T extends SwitchboardEvent['type']>(type: T) =>
      events.filter((e): e is EventOf<T> => e.type === type);
    const { agent } = await orchestrator.fleet.spawn({ name: 'c1', kind: 'claude', role: 'builder' });
    const paneId = agent.paneId!;
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    await settle();
    // A permission prompt: health calls it waiting, the prompt service raises an item (and keeps reading the pane).
    scripted.show(paneId, PERMISSION);
    await step(1_000);
    expect(orchestrator.health.get(agent.id).state).toBe('waiting_for_input');
    expect(orchestrator.prompts.openItemOf(agent.id)).toBeDefined();
    await orchestrator.invoke(humanCaller, 'pane.mirror', { target: paneId });
    await orchestrator.invoke(humanCaller, 'pane.watch', { target: paneId, pattern: 'BUILD' });
    await step(100);
    const framesBefore = of('pane.screen').length;

    for (let change = 1; change <= 5; change++) {
      const readsBefore = scripted.reads;
      scripted.show(paneId, [...PERMISSION, `BUILD step ${change}`, '']);
      await step(300);
      expect(scripted.reads - readsBefore).toBe(1);
      expect(of('pane.screen')).toHaveLength(framesBefore + change);
      expect(of('pane.matched').map((e) => e.line)).toHaveLength(change);
    }
    expect(of('pane.matched').at(-1)!.line).toBe('BUILD step 5');
    // The prompt service heard the same screens: the prompt is still on screen, so its item stands.
    expect(orchestrator.prompts.openItemOf(agent.id)).toBeDefined();
    expect(of('approval.requested')).toHaveLength(1);
  });
});
