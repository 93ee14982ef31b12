// A pane that prints more lines between two reads than its screen holds: the lines that scrolled past come with
// the next read (the observer asks for them above the screen), not with a read-back of their own. The real
// ScreenObserver and Recorder on the in-memory terminal (numbered lines), every read counted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, type ReadScreenOptions, type ScreenSnapshot } from '../../src/index';
import { ScreenObserver } from '../../src/panes/screen-observer';
import { DEFAULT_RECORDING_OPTIONS, type RecordingOptions } from '../../src/recordings/recording-options';
import { oneAgentRecorder } from './one-agent-recorder';
import { FakeClock } from '../../src/testing/index';

const settle = async () => {
  for (let i = 0; i < 8; i++) await new Promise((resolve) => setImmediate(resolve));
};
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

async function printingPane(options: Partial<RecordingOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-passed-'));
  const clock = new FakeClock();
  const inner = createMemoryBackend();
  const { id: paneId } = await inner.createPane({});
  /** Every read's options, in order. */
  const asked: (ReadScreenOptions | undefined)[] = [];
  const backend = {
    ...inner,
    readScreen: (id: string, opts?: ReadScreenOptions) => {
      asked.push(opts);
      return inner.readScreen(id, opts);
    },
  };
  const observer = new ScreenObserver({ backend, clock });
  // Health's view: a consumer that wants no passed lines, on the same reads.
  const health: ScreenSnapshot[] = [];
  const plainly: ScreenSnapshot[] = [];
  observer.observe(
    paneId,
    (screen) => {
      health.push(screen);
      // What a read of the screen alone shows now (nothing printed since the read): health's screen, exactly.
      void inner.readScreen(paneId).then((alone) => plainly.push(alone));
    },
    { intervalMs: 1_000, acceptsBusyPace: true },
  );
  const { store, recorder } = oneAgentRecorder(
    dataDir,
    clock,
    observer,
    { id: paneId, readScreen: backend.readScreen },
    { flushMs: 600_000, ...options },
  );
  cleanups.push(() => {
    recorder.close();
    observer.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  let printed = 0;
  /** Prints `count` numbered lines at once, then a second passes (the pane is read once in it). */
  const print = async (count: number) => {
    const text = Array.from({ length: count }, () => `line-${printed++}\r`).join('');
    await inner.sendText(paneId, text);
    await settle();
    clock.advance(1_000);
    await settle();
  };
  /** The recorded lines, in order, as the search index has them. */
  const recorded = () => {
    recorder.indexPending();
    return store
      .prepare<[], { text: string }>('SELECT text FROM recording_lines ORDER BY rowid')
      .all()
      .flatMap((row) => row.text.split('\n'))
      .filter((line) => line.startsWith('line-'));
  };
  const frames = () => recorder.openFrames('agent-1');
  /** A person drags the pane to `rows` rows: no event, only the reads see it. */
  const dragToRows = (rows: number) => inner.dragToRows(paneId, rows);
  return { print, asked, health, plainly, recorded, frames, dragToRows, printed: () => printed };
}

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line-${i}`);

describe('lines that scroll past between two reads, with the next read', () => {
  it('keeps every line of a pane printing faster than it is read, with no read-back after the first', async () => {
    const pane = await printingPane();
    for (let second = 0; second < 12; second++) await pane.print(40); // 40 lines a second, 24 rows
    // One read a second, and two read-backs in 12 s: the first two gaps (the observer knows how fast the pane
    // scrolls after half a second of it); every other read carries the lines since the one before.
    const readBacks = pane.asked.length - pane.health.length;
    expect(readBacks).toBeLessThanOrEqual(2);
    expect(pane.asked.filter((options) => (options?.scrollback ?? 0) > 0).length).toBeGreaterThan(8);
    expect(pane.frames().some((frame) => frame.skipped)).toBe(false);
    expect(pane.recorded()).toEqual(numbered(pane.printed()));
  });

  it('gives the other consumers the screen alone, exactly as a read of the screen alone shows it', async () => {
    const pane = await printingPane();
    for (let second = 0; second < 6; second++) await pane.print(40);
    expect(pane.asked.some((options) => (options?.scrollback ?? 0) > 0)).toBe(true);
    expect(pane.health.length).toBeGreaterThan(4);
    // (The first, read at subscribing, answered after the first lines were printed.)
    expect(pane.health.slice(1)).toEqual(pane.plainly.slice(1));
    expect(pane.health.slice(1).every((screen) => screen.lines.length === 24)).toBe(true);
  });

  it('splits each read by the screen rows it reports: a pane resized with no layout change, every line and the screen whole', async () => {
    const pane = await printingPane();
    for (let second = 0; second < 4; second++) await pane.print(40);
    pane.dragToRows(40);
    for (let second = 0; second < 4; second++) await pane.print(40);
    pane.dragToRows(12);
    for (let second = 0; second < 4; second++) await pane.print(40);
    // Read with the lines above the screen all along (no read of the screen alone to learn its new height).
    expect(pane.asked.slice(-8).every((options) => (options?.scrollback ?? 0) > 0)).toBe(true);
    expect(pane.health.slice(1)).toEqual(pane.plainly.slice(1));
    expect(pane.health.at(-1)?.lines).toHaveLength(12);
    expect(pane.health.slice(5, 9).every((screen) => screen.lines.length === 40)).toBe(true);
    expect(pane.frames().some((frame) => frame.skipped)).toBe(false);
    expect(pane.recorded()).toEqual(numbered(pane.printed()));
  });

  it('asks no more than its bound of a flood, and reads a quiet pane without scrollback', async () => {
    const pane = await printingPane();
    for (let second = 0; second < 6; second++) await pane.print(2_000);
    const asked = pane.asked.map((options) => options?.scrollback ?? 0);
    // The observer's reads ask for at most 100 lines above the screen: only the recorder's read-backs (within
    // their budget: 3 at once, then one per 5 s) ask for more; what the flood printed beyond is counted as skipped.
    const readBacks = pane.asked.length - pane.health.length;
    expect(readBacks).toBeLessThanOrEqual(2 * 4);
    expect(asked.filter((lines) => lines > 100).length).toBeLessThanOrEqual(readBacks);
    expect(asked.filter((lines) => lines > 0 && lines <= 100).length).toBeGreaterThan(0);
    expect(Math.max(...asked)).toBeLessThanOrEqual(DEFAULT_RECORDING_OPTIONS.catchUpLines);
    expect(pane.frames().some((frame) => frame.skipped)).toBe(true);
    // Quiet: a line a second that scrolls nothing off (the screen has room below the cursor… once it is full,
    // one line scrolls per read, which the rows below the last cursor cover): no scrollback asked.
    const quiet = await printingPane();
    for (let second = 0; second < 6; second++) await quiet.print(1);
    expect(quiet.asked.every((options) => !options?.scrollback)).toBe(true);
  });

  it('with catchUpLines 0, asks for no scrollback at all', async () => {
    const pane = await printingPane({ catchUpLines: 0 });
    for (let second = 0; second < 6; second++) await pane.print(40);
    expect(pane.asked.every((options) => !options?.scrollback)).toBe(true);
  });
});
