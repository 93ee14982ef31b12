import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, type TerminalBackend } from '../../src/index';
import { ScreenObserver } from '../../src/panes/screen-observer';
import { FakeClock } from '../../src/testing/index';

const PANES = 20;
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('busy panes are read on a shared grid', () => {
  let observer: ScreenObserver | undefined;
  afterEach(() => observer?.close());

  /**
   * 20 panes, each first read at its own moment (5 ms apart) and then printing a line every 100 ms, each at
   * its own phase (pane i at i×5 ms past the tenth of a second), all observed by consumers content with the
   * busy pace. Returns when each pane was read once
   * busy (the clock's ms), over `measureMs` after 3 s of printing.
   */
  async function readTimes(busyGridMs: number | undefined, measureMs = 4_000) {
    const clock = new FakeClock();
    const inner = createMemoryBackend();
    const panes: string[] = [];
    for (let i = 0; i < PANES; i++) panes.push((await inner.createPane({})).id);
    const reads: number[] = [];
    const backend: TerminalBackend = Object.assign(Object.create(inner) as TerminalBackend, {
      readScreen: (paneId: string, options?: Parameters<TerminalBackend['readScreen']>[1]) => {
        reads.push(clock.now());
        return inner.readScreen(paneId, options);
      },
    });
    observer = new ScreenObserver({
      backend,
      clock,
      ...(busyGridMs === undefined ? {} : { pace: { busyGridMs } }),
    });
    // Each pane starts being observed (and is first read) at its own moment: its own phase from then on.
    clock.advance(3);
    for (const paneId of panes) {
      observer.observe(paneId, () => undefined, { intervalMs: 250, acceptsBusyPace: true });
      await settle();
      clock.advance(5);
    }
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 5) {
        const phase = Math.round(clock.now()) % 100;
        for (let i = 0; i < PANES; i++)
          if ((i * 5) % 100 === phase - (phase % 5)) await inner.sendText(panes[i]!, 'x');
        await settle();
        clock.advance(5);
      }
      await settle();
    };
    await run(3_000);
    const from = reads.length;
    await run(measureMs);
    return reads.slice(from);
  }

  it('20 busy panes with their own phases are read together: at most 10 instants a second, on multiples of 100 ms', async () => {
    const times = await readTimes(undefined);
    expect(times.length).toBeGreaterThanOrEqual(PANES * 3); // still about one read a second each
    expect(times.length).toBeLessThanOrEqual(PANES * 5);
    expect(new Set(times).size).toBeLessThanOrEqual(4 * 10 + 1);
    expect(times.filter((t) => t % 100 !== 0)).toEqual([]);
  });

  it('with the grid off (0), each pane keeps its own phase', async () => {
    const times = await readTimes(0);
    expect(new Set(times).size).toBeGreaterThan(4 * 10 + 1);
  });
});
