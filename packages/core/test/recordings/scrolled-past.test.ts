import { describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import { CatchUpBudget, newestWithin, splitCatchUp, unseenBetween } from '../../src/recordings/scrolled-past';

const screen = (
  firstLine: number | undefined,
  lines: string[],
  cursorY = lines.length - 1,
): ScreenSnapshot => ({
  lines,
  cursor: { x: 0, y: cursorY },
  ...(firstLine === undefined ? {} : { firstLine }),
});

describe('lines that scrolled past between two reads', () => {
  it('are the lines from the previous cursor row up to the new screen, when both screens are numbered', () => {
    const before = screen(10, ['a', 'b', '$ run', '', ''], 2);
    expect(unseenBetween(before, screen(12, ['$ run', 'y', 'z', 'w', '$']))).toBeUndefined();
    expect(unseenBetween(before, screen(13, ['y', 'z', 'w', 'v', '$']))).toEqual({ first: 12, count: 1 });
    expect(unseenBetween(before, screen(20, ['x', 'y', 'z', 'w', '$']))).toEqual({ first: 12, count: 8 });
    // Not numbered (tmux), nothing before, or numbering that went back (a restarted pane): nothing missed.
    expect(unseenBetween(screen(undefined, ['a']), screen(20, ['x']))).toBeUndefined();
    expect(unseenBetween(undefined, screen(20, ['x']))).toBeUndefined();
    expect(unseenBetween(before, screen(0, ['x']))).toBeUndefined();
  });

  it('splits a read with scrollback into the screen and the lines above it not seen before', () => {
    const before = screen(10, ['a', 'b', '$ run', '', ''], 2);
    // Lines 8…24 read: 8–11 were above the old cursor (seen), 12 is the old cursor row, 20–24 the screen.
    const read = screen(
      8,
      ['a0', 'b0', 'a', 'b', '$ run', 'o1', 'o2', 'o3', 'o4', 'o5', '', 'o7', 'x', 'y', 'z', 'w', '$'],
      16,
    );
    const { screen: now, passed, skipped } = splitCatchUp(read, 5, before);
    expect(now).toEqual(screen(20, ['x', 'y', 'z', 'w', '$'], 4));
    expect(passed).toEqual(['$ run', 'o1', 'o2', 'o3', 'o4', 'o5', 'o7']);
    expect(skipped).toBe(0);
  });

  it('counts what the read no longer held, and joins soft-wrapped rows', () => {
    const before = screen(10, ['$ run', ''], 0);
    const read: ScreenSnapshot = {
      lines: ['long-', 'line', 'next', 'x', '$'],
      wraps: [true, false, false, false, false],
      cursor: { x: 1, y: 4 },
      firstLine: 14,
    };
    const { passed, skipped, screen: now } = splitCatchUp(read, 2, before);
    expect(skipped).toBe(4);
    expect(passed).toEqual(['long-line', 'next']);
    expect(now.wraps).toEqual([false, false]);
    expect(now.firstLine).toBe(17);
  });

  it('passes whole a line that wraps from above the screen onto its first rows, once it is complete', () => {
    const before = screen(10, ['$ run', ''], 0);
    // Lines 10…16 read, the screen 13…16: 'three-' wraps above the screen onto its first two rows.
    const read: ScreenSnapshot = {
      lines: ['$ run', 'one', 'three-', 'part-', 'end', 'four', ''],
      wraps: [false, false, true, true, false, false, false],
      cursor: { x: 0, y: 6 },
      firstLine: 10,
    };
    const split = splitCatchUp(read, 4, before);
    expect(split.passed).toEqual(['$ run', 'one', 'three-part-end']);
    expect(split.continued).toBe(true);
    expect(split.screen.lines).toEqual(['part-', 'end', 'four', '']);
    // Still being written (the cursor on its last row): its head passed as far as it goes, the rest the screen's.
    const writing = { ...read, lines: read.lines.slice(0, 5), wraps: [false, false, true, true, true] };
    const unfinished = splitCatchUp({ ...writing, cursor: { x: 3, y: 4 } }, 2, before);
    expect(unfinished.passed).toEqual(['$ run', 'one', 'three-']);
    expect(unfinished.continued).toBe(false);
  });

  it("does not pass again a full-screen program's rows below the cursor that still show the same", () => {
    const before = screen(0, ['> prompt', 'status: ok', 'model: x'], 0);
    const read = screen(0, ['> prompt', 'status: ok', 'model: y', 'new', '> '], 4);
    expect(splitCatchUp(read, 2, before).passed).toEqual(['> prompt', 'model: y']);
  });

  it("keeps the newest lines that fit a frame's share of a chunk", () => {
    expect(newestWithin(['aaaa', 'bb', 'c'], 100)).toEqual(['aaaa', 'bb', 'c']);
    expect(newestWithin(['aaaa', 'bb', 'c'], 9)).toEqual(['bb', 'c']);
    expect(newestWithin(['aaaa', 'bb', 'c'], 3)).toEqual([]);
  });

  it('reads back a burst at once, then at most one read back per refill for a pane that keeps overflowing', () => {
    const budget = new CatchUpBudget(0, 3, 5_000);
    expect([0, 100, 200, 300].map((t) => budget.take(t))).toEqual([true, true, true, false]);
    // A steady overflow, every second for 20 s: one read back per 5 s.
    const taken = Array.from({ length: 20 }, (_, i) => budget.take(1_000 * (i + 1))).filter(Boolean);
    expect(taken).toHaveLength(4);
    // Quiet for a minute: a new burst is read back whole again.
    expect([80_000, 80_100, 80_200, 80_300].map((t) => budget.take(t))).toEqual([true, true, true, false]);
  });
});
