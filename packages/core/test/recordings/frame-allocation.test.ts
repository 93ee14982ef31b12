import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import type { Recorder } from '../../src/recordings/recorder';
import { allocatedBytes, FakeClock } from '../../src/testing/index';
import { handingObserver, oneAgentRecorder } from './one-agent-recorder';

const ROWS = 24;
const COLUMNS = 40;

/**
 * A narrow pane printing 10 lines a second, each soft-wrapped over two rows (as iTerm2 reports `wraps`): a screen
 * per second, each scrolled by 20 rows. Fresh strings, as a backend's decoded reply has.
 */
function printingScreens(count: number): ScreenSnapshot[] {
  let printed = 0;
  const rows: string[] = [];
  return Array.from({ length: count }, () => {
    for (let i = 0; i < 10; i++, printed++) {
      const line = `${printed} compiling module ${printed % 97} of the build: ok (${(printed * 7919) % 10_000} ms)`;
      rows.push(line.slice(0, COLUMNS), line.slice(COLUMNS));
    }
    rows.splice(0, rows.length - (ROWS - 2));
    return {
      lines: [...rows, '$ ', ''].map((text) => Buffer.from(text).toString('latin1')),
      wraps: Array.from({ length: ROWS }, (_, row) => row % 2 === 0 && row < ROWS - 2),
      cursor: { x: 2, y: ROWS - 2 },
      columns: COLUMNS,
    };
  });
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("taking a printing pane's frames", () => {
  it('allocates little beyond the frame: written without an object or an array per row, no trimmed copies', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-frame-allocation-'));
    folders.push(dataDir);
    const clock = new FakeClock(Date.UTC(2026, 11, 7));
    const { observer, hand } = handingObserver();
    // No chunk written and no index batch while measuring: the frames' own work only.
    const { store, recorder }: { store: { close(): void }; recorder: Recorder } = oneAgentRecorder(
      dataDir,
      clock,
      observer,
      { id: 'pane-1', readScreen: () => Promise.reject(new Error('no read-backs here')) },
      { flushMs: 3_600_000, indexMs: 3_600_000, chunkBytes: 1 << 30 },
    );
    try {
      const take = (screen: ScreenSnapshot) => {
        clock.advance(1_000);
        hand(screen);
        recorder.openSpans(); // takes the screen heard (as a batch after the turn would)
      };
      // ~9,600 bytes a frame optimized (the frame's rows and their diff, the fresh-lines map, each wrapped line joined
      // for redaction and for the index, the open row; the test's clock and openSpans). The code before session 19:
      // ~11,100 (the frame built of spreads, "wrapped" made with an array per row, a trimmed copy of each line ending
      // in a space). Unoptimized code allocates more, and a loaded machine may not have optimized it yet: the least
      // of a few tries, each after a warm-up and a pause for the optimizing compiler's helper thread (the code
      // before: 11,100-14,100; this: 9,600-12,500).
      const tries: number[] = [];
      for (let attempt = 0; attempt < 10 && !(Math.min(...tries) < 10_600); attempt++) {
        for (const screen of printingScreens(1_000)) take(screen);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const screens = printingScreens(1_000);
        tries.push((await allocatedBytes(() => screens.forEach(take))) / screens.length);
      }
      expect(Math.min(...tries), `bytes a frame, each try: ${tries.map(Math.round).join(', ')}`).toBeLessThan(
        10_600,
      );
    } finally {
      recorder.close();
      store.close();
    }
  });
});
