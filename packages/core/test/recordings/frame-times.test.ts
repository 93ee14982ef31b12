import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '@switchboard/protocol';
import { createMemoryBackend } from '../../src/index';
import { recordedWorld } from './recorded-world';

/** A memory backend whose reads with scrollback are taken when asked but answered only when the test says. */
function slowReadBackBackend() {
  const backend = createMemoryBackend();
  const read = backend.readScreen.bind(backend);
  const held: (() => void)[] = [];
  backend.readScreen = async (paneId, options) => {
    const screen = await read(paneId, options);
    if (options?.scrollback) await new Promise<void>((resolve) => held.push(resolve));
    return screen;
  };
  return { backend, held, release: () => held.splice(0).forEach((answer) => answer()) };
}

describe('recorded frame times', () => {
  it('rise strictly per agent, also for a screen heard while a read-back was on its way and recorded after it', async () => {
    const slow = slowReadBackBackend();
    const world = recordedWorld({ intervalMs: 250 }, undefined, slow.backend);
    const agent = await world.spawn('burst');
    await world.print(agent.paneId!, 'start\r');
    // More lines than the screen holds at once: the recorder reads the pane back with scrollback (held).
    await world.backend.sendText(
      agent.paneId!,
      Array.from({ length: 40 }, (_, i) => `burst ${i}\r`).join(''),
    );
    await world.pass(300);
    expect(slow.held.length).toBe(1);
    // Two lines more while the read is on its way: that screen waits for it.
    await world.print(agent.paneId!, 'after 1\rafter 2\r');
    world.clock.advance(1); // the read-back answers a moment later than the waiting screen was heard
    slow.release();
    await world.pass(1_000);
    const { frames } = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'burst',
      limit: 5_000,
    });
    const times = frames.map((frame) => frame.at);
    expect(frames.some((frame) => frame.passed?.length)).toBe(true);
    expect(frames.length).toBeGreaterThan(2);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    await world.orchestrator.close();
  });
});
