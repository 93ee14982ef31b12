import { describe, expect, it } from 'vitest';
import { Terminal } from '@xterm/headless';
import { applyFrame, type RecordedFrame, type RecordedScreen } from '@switchboard/protocol';
import {
  nothingDrawn,
  replayStep,
  scrollBetween,
  type ReplayDrawn,
  type ReplayLane,
} from '../../src/views/replay/replay-stream';

const ROWS = 4;
const row = (r: number, text: string) => ({ row: r, text });
/** A chunk's first frame: the whole screen, the prompt on the last row. */
const whole = (at: number, lines: string[]): RecordedFrame => ({
  at,
  full: true,
  rows: ROWS,
  columns: 20,
  changes: lines.map((t, r) => row(r, t)),
  cursor: { x: 1, y: 3 },
});
/** A recording of a pane 4 rows high printing l1…l24: scrolls, a burst read back, chunks starting whole. */
const frames: RecordedFrame[] = [
  whole(1, ['l1', 'l2', 'l3', '$']),
  // Two lines printed: the screen scrolled by two.
  {
    at: 2,
    full: false,
    rows: ROWS,
    scrolled: 2,
    changes: [row(1, 'l4'), row(2, 'l5'), row(3, '$')],
    cursor: { x: 1, y: 3 },
  },
  // A burst between two reads: l6…l20 scrolled past, read back; the screen after them.
  {
    at: 3,
    full: false,
    rows: ROWS,
    changes: ['l21', 'l22', 'l23', '$'].map((t, r) => row(r, t)),
    cursor: { x: 1, y: 3 },
    passed: Array.from({ length: 15 }, (_, i) => `l${i + 6}`),
  },
  // A new chunk starts with a whole frame: one more line printed.
  whole(4, ['l22', 'l23', 'l24', '$']),
];
/** A recording as the replay holds it: each frame with the screen it leads to. */
function laneOf(recorded: RecordedFrame[]): ReplayLane {
  const screens: RecordedScreen[] = [];
  for (const frame of recorded) screens.push(applyFrame(screens.at(-1), frame));
  return { frames: recorded, screens };
}
const lane = laneOf(frames);
const { screens } = lane;

/** Plays the replay's steps to each index in turn in a real terminal emulator; its scrollback and screen. */
async function play(indexes: number[], played = lane) {
  const terminal = new Terminal({ cols: 80, rows: 24, scrollback: 1_000, allowProposedApi: true });
  let drawn: ReplayDrawn = nothingDrawn;
  for (const index of indexes) {
    const step = replayStep(played, drawn, index);
    if (step.reset) terminal.reset();
    if (step.resize) terminal.resize(step.resize.columns, step.resize.rows);
    await new Promise<void>((resolve) => terminal.write(step.data, resolve));
    drawn = step.drawn;
  }
  const buffer = terminal.buffer.active;
  const all = Array.from({ length: buffer.length }, (_, y) => buffer.getLine(y)!.translateToString(true));
  const screen = all.slice(buffer.baseY, buffer.baseY + terminal.rows);
  terminal.dispose();
  return { all, screen };
}

describe('the replay played as a terminal stream', () => {
  it('played forward frame by frame, its scrollback holds every line once, in order, the read-back ones too', async () => {
    const { all, screen } = await play([0, 1, 2, 3]);
    expect(all.filter((line) => /^l\d+$/.test(line))).toEqual(
      Array.from({ length: 24 }, (_, i) => `l${i + 1}`),
    );
    expect(screen).toEqual(screens[3]!.lines);
  });

  it('a jump forward plays the frames between; a step back redraws the screen alone, its scrollback cleared', async () => {
    const jumped = await play([0, 3]);
    expect(jumped.all.filter((line) => /^l\d+$/.test(line))).toEqual(
      Array.from({ length: 24 }, (_, i) => `l${i + 1}`),
    );
    const back = await play([0, 3, 1]);
    expect(back.all).toEqual(screens[1]!.lines);
    expect(back.screen).toEqual(screens[1]!.lines);
  });

  it('says how many lines scrolled past unrecorded, where they were', async () => {
    const skipping = laneOf([
      { ...frames[0]!, columns: 60 },
      { ...frames[2]!, passed: ['l20'], skipped: 14 },
    ]);
    const { all } = await play([0, 1], skipping);
    expect(all.filter((line) => /^(l\d+|… \d+ lines)/.test(line))).toEqual([
      'l1',
      'l2',
      'l3',
      '… 14 lines scrolled past unrecorded …',
      'l20',
      'l21',
      'l22',
      'l23',
    ]);
  });

  it('finds how far a screen scrolled, and no scroll for a screen redrawn in place', () => {
    expect(scrollBetween(screens[2]!, screens[3]!)).toBe(1);
    expect(scrollBetween(screens[0]!, screens[1]!)).toBe(2);
    const top = applyFrame(undefined, {
      ...frames[0]!,
      changes: ['top', '', 'x', ''].map((t, r) => row(r, t)),
    });
    const edited = applyFrame(undefined, {
      ...frames[0]!,
      changes: ['top', 'y', 'x', ''].map((t, r) => row(r, t)),
    });
    expect(scrollBetween(top, edited)).toBe(0);
  });
});
