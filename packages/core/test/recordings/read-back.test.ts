// Lines that scrolled past between two frames are read back with the scrollback they need (the missed lines
// and a margin), not the whole catch-up bound each time; a burst that outran the first read is read once more.
// The real Recorder, fed screens by hand, reading back from a fake numbered pane that counts what it is asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedFrame } from '@switchboard/protocol';
import type { ReadScreenOptions, ScreenSnapshot } from '../../src/ports/terminal-backend';
import type { Recorder } from '../../src/recordings/recorder';
import { DEFAULT_RECORDING_OPTIONS, type RecordingOptions } from '../../src/recordings/recording-options';
import type { Store } from '../../src/store/store';
import { handingObserver, oneAgentRecorder } from './one-agent-recorder';
import { FakeClock } from '../../src/testing/index';

const ROWS = 5;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A pane whose buffer is numbered lines `line-0` … and an empty row the cursor is on (its last). */
class NumberedPane {
  printed: string[] = [];
  asked: number[] = [];
  /** The screen's rows each read was told (`ReadScreenOptions.rows`). */
  rowsTold: (number | undefined)[] = [];
  /** Lines the pane prints between a read being asked and answered (a burst going on). */
  printDuringNextRead = 0;

  print(count: number): void {
    for (let i = 0; i < count; i++) this.printed.push(`line-${this.printed.length}`);
  }

  /** The last `rows` rows of the buffer (with the cursor's empty row), the screen its last `ROWS`. */
  tail(rows: number): ScreenSnapshot {
    const buffer = [...this.printed, ''];
    const from = Math.max(0, buffer.length - rows);
    const lines = buffer.slice(from);
    return {
      lines,
      cursor: { x: 0, y: lines.length - 1 },
      firstLine: from,
      rows: Math.min(ROWS, lines.length),
    };
  }

  readScreen = async (_paneId: string, options?: ReadScreenOptions): Promise<ScreenSnapshot> => {
    await settle();
    this.asked.push(options?.scrollback ?? 0);
    this.rowsTold.push(options?.rows);
    this.print(this.printDuringNextRead);
    this.printDuringNextRead = 0;
    return this.tail((options?.scrollback ?? 0) + ROWS);
  };
}

const stores: { store: Store; dataDir: string; recorder: Recorder }[] = [];
afterEach(() => {
  for (const { store, dataDir, recorder } of stores.splice(0)) {
    recorder.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function recorderOf(pane: NumberedPane, options: Partial<RecordingOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-read-back-'));
  const clock = new FakeClock();
  const { observer, hand } = handingObserver();
  const pane1 = { id: 'pane-1', readScreen: pane.readScreen };
  const { store, recorder } = oneAgentRecorder(dataDir, clock, observer, pane1, options);
  stores.push({ store, dataDir, recorder });
  /** A second on, the screen as it is now heard; the read back (if any) answered. */
  const hear = async () => {
    clock.advance(1_000);
    hand(pane.tail(ROWS));
    for (let i = 0; i < 5; i++) await settle();
  };
  const frames = (): RecordedFrame[] => recorder.openFrames('agent-1');
  return { hear, frames };
}

/** Line numbers `from` … `to - 1` as the pane printed them. */
const numbered = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line-${from + i}`);

/**
 * A pane that printed 2,000 lines, heard once, then 12 more lines (8 of them scrolled past unseen) and heard
 * again, `printedDuringRead` more lines scrolling by before the read back is answered.
 */
async function missedWhilePrinting(printedDuringRead: number, options: Partial<RecordingOptions> = {}) {
  const pane = new NumberedPane();
  pane.print(2_000);
  const { hear, frames } = recorderOf(pane, options);
  await hear();
  pane.print(12);
  pane.printDuringNextRead = printedDuringRead;
  await hear();
  return { pane, frames };
}

describe('reading back lines that scrolled past', () => {
  it('asks for the missed lines and a margin, not the whole bound, and records every missed line', async () => {
    const pane = new NumberedPane();
    pane.print(2_000);
    const { hear, frames } = recorderOf(pane);
    await hear(); // the first frame: line-1996 … line-1999 and the cursor's row (line 2,000)
    pane.print(12); // 2,000 … 2,011: 2,008 … 2,011 on the next screen, 2,000 … 2,007 scrolled past unseen
    await hear();
    // 8 missed lines and as many again: not the 1,000 of the bound.
    expect(pane.asked).toEqual([16]);
    expect(frames().at(-1)!.passed).toEqual(numbered(2_000, 2_008));
    expect(frames().at(-1)!.skipped).toBeUndefined();
  });

  it("tells every read back the screen's rows (so iTerm2's backend need not ask for the grid first)", async () => {
    const { pane } = await missedWhilePrinting(300);
    expect(pane.asked).toHaveLength(2);
    expect(pane.rowsTold).toEqual([ROWS, ROWS]);
  });

  it('reads once more when a burst went on printing past what the first read asked for', async () => {
    // By the time the first read is answered, 300 more lines have scrolled by.
    const { pane, frames } = await missedWhilePrinting(300);
    // The second read asks from the first missed line to the first read's screen (292 + 16) and twice the 300
    // lines printed meanwhile: a burst this fast still gets nearly the whole bound.
    expect(pane.asked).toEqual([16, 292 + 16 + 2 * 300]);
    // Every line from the old cursor's row up to the screen the read showed, once, none skipped.
    expect(frames().at(-1)!.passed).toEqual(numbered(2_000, 2_312 - ROWS + 1));
    expect(frames().at(-1)!.skipped).toBeUndefined();
  });

  it('reads a pane that printed on while the first read was on its way back with a margin, not the whole bound', async () => {
    // A pane printing steadily, its read slow (a loaded machine): 20 lines meanwhile.
    const { pane, frames } = await missedWhilePrinting(20);
    // 12 lines short of the first missed line (2,000 … 2,011): those, the first read's 16, and twice a screen's
    // worth (20 printed meanwhile, more than the 5 rows) — not the thousand lines of the bound.
    expect(pane.asked).toEqual([16, 12 + 16 + 2 * 20]);
    expect(frames().at(-1)!.passed).toEqual(numbered(2_000, 2_032 - ROWS + 1));
    expect(frames().at(-1)!.skipped).toBeUndefined();
  });

  it('does not ask beyond the bound; what the bound leaves out is counted as skipped', async () => {
    const { pane, frames } = await missedWhilePrinting(300, { catchUpLines: 50 });
    expect(pane.asked).toEqual([16, 50]);
    const last = frames().at(-1)!;
    expect(last.passed).toEqual(numbered(2_312 - ROWS + 1 - 50, 2_312 - ROWS + 1));
    expect(last.skipped).toBe(2_312 - ROWS + 1 - 50 - 2_000);
  });

  it('with catchUpReadsBound (the previous way, for benches) asks for the whole bound', async () => {
    const pane = new NumberedPane();
    pane.print(2_000);
    const { hear } = recorderOf(pane, { catchUpReadsBound: true });
    await hear();
    pane.print(12);
    await hear();
    expect(pane.asked).toEqual([DEFAULT_RECORDING_OPTIONS.catchUpLines]);
  });
});
