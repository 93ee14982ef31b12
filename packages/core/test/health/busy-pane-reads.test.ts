import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type CommandOutput } from '@switchboard/protocol';
import { createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from './scripted-backend';

/**
 * Health and the recorder, the two consumers of every agent's pane, agree on one slower pace while a pane
 * keeps printing (issue 21: ~4 reads/s per busy pane cost most of the host's CPU at 200 agents), and a
 * question printed after the build is still read, and decided, at once.
 */
describe('reads of a pane that keeps printing, with health and recordings on', () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(() => orchestrator?.close());

  it('reads a steadily printing pane about once a second, and its question within 0.3 s', async () => {
    const clock = new FakeClock();
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend, clock });
    const { agent } = await orchestrator.fleet.spawn({ name: 'builder', kind: 'shell', role: 'builder' });
    const paneId = agent.paneId!;
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    const lines: string[] = [];
    const printFor = async (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        lines.push(`building module ${lines.length}`);
        scripted.show(paneId, lines.slice(-20));
        await step(100);
      }
    };
    await settle();
    await printFor(4_000);
    expect(orchestrator.health.get(agent.id).state).toBe('working');
    const readsBefore = scripted.reads;
    const decisionsBefore = orchestrator.health.decisions;
    await printFor(10_000);
    const readsPerSecond = (scripted.reads - readsBefore) / 10;
    // Health alone would read it every 250 ms, the recorder too: 4 a second before they agreed on a pace.
    expect(readsPerSecond).toBeLessThanOrEqual(1.2);
    // One decision per read: the end of the output window, moved on by every line, decides nothing (before:
    // also one every 1.5 s, when the window set at the previous decision "ended").
    expect(orchestrator.health.decisions - decisionsBefore).toBeLessThanOrEqual(
      scripted.reads - readsBefore + 1,
    );
    expect(orchestrator.health.get(agent.id).state).toBe('working');

    scripted.show(paneId, [...lines.slice(-19), 'Overwrite the old build? [y/N] ']);
    const askedAt = clock.now();
    const readsAtQuestion = scripted.reads;
    while (scripted.reads === readsAtQuestion) await step(10);
    expect(clock.now() - askedAt).toBeLessThanOrEqual(310);
    while (orchestrator.health.get(agent.id).state !== 'waiting_for_input' && clock.now() - askedAt < 5_000)
      await step(10);
    // The read, then the debounce (100 ms).
    expect(clock.now() - askedAt).toBeLessThanOrEqual(450);
    // The recorder heard the same reads: the question is its last frame.
    await step(300);
    const { frames } = (await orchestrator.invoke(humanCaller, 'recording.frames', {
      agent: agent.id,
      limit: 5_000,
    })) as CommandOutput<'recording.frames'>;
    expect(JSON.stringify(frames.at(-1))).toContain('Overwrite the old build? [y/N]');
  });
});
