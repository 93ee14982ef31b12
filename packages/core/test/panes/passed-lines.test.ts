import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import { joinReads, screenPart, ScrollEstimate } from '../../src/panes/passed-lines';

// V8's own test hooks (functions compiled after the flag see them): whether two objects share a hidden class.
setFlagsFromString('--allow-natives-syntax');
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;

/** Rows `line-first` … of a numbered pane, the cursor on an empty last row. */
const rowsFrom = (first: number, count: number): ScreenSnapshot => ({
  lines: [...Array.from({ length: count - 1 }, (_, i) => `line-${first + i}`), ''],
  wraps: Array<boolean>(count).fill(false),
  cursor: { x: 0, y: count - 1 },
  firstLine: first,
});

describe('reads that carry the lines that scrolled past', () => {
  it('splits off the screen as a read of the screen alone gives it', () => {
    const read = rowsFrom(100, 30);
    expect(screenPart(read, 10)).toEqual({
      lines: read.lines.slice(20),
      wraps: read.wraps!.slice(20),
      cursor: { x: 0, y: 9 },
      firstLine: 120,
    });
    expect(screenPart(read, 30)).toBe(read);
    // The read's own count wins over the caller's (the pane was resized since the caller's last read).
    expect(screenPart({ ...read, rows: 12 }, 10)).toMatchObject({
      lines: read.lines.slice(18),
      firstLine: 118,
    });
  });

  it('joins two reads when no line came between them, and not otherwise', () => {
    const older = rowsFrom(100, 10); // 100 … 108, the cursor on 109
    const joined = joinReads(older, rowsFrom(105, 10))!;
    expect(joined.firstLine).toBe(100);
    expect(joined.lines).toEqual([...older.lines.slice(0, 5), ...rowsFrom(105, 10).lines]);
    expect(joined.cursor.y).toBe(14);
    expect(joined.wraps).toHaveLength(15);
    // Starting on the older read's cursor row: joined; below it (line 109 never read), or back: not.
    expect(joinReads(older, rowsFrom(109, 10))?.firstLine).toBe(100);
    expect(joinReads(older, rowsFrom(110, 10))).toBeUndefined();
    expect(joinReads(older, rowsFrom(90, 10))).toBeUndefined();
  });

  it('asks for what the pane scrolls between two reads, with a margin, within the bound', () => {
    const estimate = new ScrollEstimate();
    expect(estimate.toAsk(0, 100)).toBe(0); // nothing known yet
    estimate.heard(rowsFrom(0, 24), 0, 10);
    estimate.heard(rowsFrom(40, 24), 1_000, 1_010); // 40 lines a second, reads answered in 10 ms
    // 40 a second × (1 s + 10 ms) × 1.1 + 2, less the 23 rows the last screen had above its cursor.
    expect(estimate.toAsk(2_000, 100)).toBe(Math.ceil(0.04 * 1_010 * 1.1 + 2 - 23));
    expect(estimate.toAsk(2_000, 10)).toBe(10);
    expect(estimate.toAsk(2_000, 0)).toBe(0);
    // A layout change: the screen alone next (its rows as they are now).
    estimate.reset();
    expect(estimate.toAsk(2_000, 100)).toBe(0);
  });

  it("reads a scrolling pane whose reads report their screen's rows always with scrollback", () => {
    const scrolling = new ScrollEstimate();
    const asked = Array.from({ length: 25 }, (_, i) => {
      scrolling.heard({ ...rowsFrom(40 * i, 24), rows: 24 }, 1_000 * i, 1_000 * i);
      return scrolling.toAsk(1_000 * (i + 1), 100);
    });
    expect(asked.slice(1).every((lines) => lines > 0)).toBe(true);
  });

  it('reads a quiet pane, and every 20th read of a scrolling one that does not say its rows, without scrollback', () => {
    const quiet = new ScrollEstimate();
    quiet.heard(rowsFrom(0, 24), 0, 0);
    quiet.heard(rowsFrom(0, 24), 1_000, 1_000);
    expect(quiet.toAsk(2_000, 100)).toBe(0);
    const scrolling = new ScrollEstimate();
    const asked = Array.from({ length: 25 }, (_, i) => {
      scrolling.heard(rowsFrom(40 * i, 24), 1_000 * i, 1_000 * i);
      return scrolling.toAsk(1_000 * (i + 1), 100);
    });
    expect(asked.slice(1).filter((lines) => lines === 0)).toHaveLength(1);
    expect(asked[21]).toBe(0);
  });

  it('carries every field of the read into the screen part and the joined read', () => {
    const read: Required<ScreenSnapshot> = {
      ...rowsFrom(100, 30),
      wraps: Array<boolean>(30).fill(false),
      styles: Array.from({ length: 30 }, () => []),
      columns: 80,
      rows: 10,
      firstLine: 100,
    };
    expect(screenPart(read, 10)).toEqual({
      lines: read.lines.slice(20),
      cursor: { x: 0, y: 9 },
      wraps: read.wraps.slice(20),
      styles: read.styles.slice(20),
      columns: 80,
      rows: 10,
      firstLine: 120,
    });
    const newer = {
      ...read,
      lines: read.lines.slice(5),
      wraps: read.wraps.slice(5),
      styles: read.styles.slice(5),
      firstLine: 105,
    };
    const joined = joinReads(read, newer)!;
    expect(joined).toMatchObject({ columns: 80, rows: 10, firstLine: 100 });
    expect(joined.styles).toHaveLength(30);
  });

  it("builds screen parts as objects of their own, never the read's hidden class written over", () => {
    // A spread copy of a read shares its hidden class; writing new lines into it turns the class's fields from
    // constant to mutable, and V8 drops the optimized code of every screen reader (health's detection ran
    // unoptimized for ~20 s after a recorder's first read with lines above the screen).
    const backendRead = (first: number): ScreenSnapshot => ({
      lines: Array.from({ length: 30 }, (_, i) => `line-${first + i}`),
      cursor: { x: 0, y: 29 },
      firstLine: first,
      rows: 10,
    });
    const read = backendRead(100);
    expect(sameHiddenClass(read, backendRead(200))).toBe(true);
    expect(sameHiddenClass(screenPart(read, 10), read)).toBe(false);
    const older = backendRead(90);
    expect(sameHiddenClass(joinReads({ ...older, cursor: { x: 0, y: 29 } }, read)!, read)).toBe(false);
  });
});
