import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import { writeFrame, type FrameParts } from '../../src/recordings/frame-json';
import { JsonBytes } from '../../src/recordings/json-bytes';
import { LineBuffer } from '../../src/recordings/line-buffer';
import { framePlan, recordedFrameOf } from '../../src/recordings/scroll-frame';

/** The frame the recorder built before writing it (session 18): what its JSON line must stay, byte for byte. */
const builtFrame = ({ at, plan, screen, passed, skipped }: FrameParts) => {
  const body = plan && recordedFrameOf(plan.previous, screen);
  return {
    at,
    ...(body ?? { full: false, rows: screen.lines.length, changes: [] }),
    cursor: body?.cursor ?? screen.cursor,
    ...(screen.wraps?.includes(true)
      ? { wrapped: screen.wraps.flatMap((wraps, row) => (wraps ? [row] : [])) }
      : {}),
    ...(passed.length ? { passed } : {}),
    ...(skipped ? { skipped } : {}),
  };
};

/** Text as panes show it, and text that needs escaping (quotes, backslashes, controls, non-ASCII). */
const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', 'a "quoted" \\ path', 'esc \u001b[31m red', '✓ 🚀 é', '\ud800 lone'),
);

const run = fc.record(
  { start: fc.nat(80), length: fc.nat(80), fg: fc.string({ maxLength: 8 }), bold: fc.boolean() },
  { requiredKeys: ['start', 'length'] },
);

/** A screen of 1-8 rows drawn from a few texts (so rows repeat and scroll), maybe wrapped, styled, sized. */
const screen = (rows: number) =>
  fc.record({
    lines: fc.array(fc.oneof(anyText, fc.constantFrom('a', 'b', 'c', 'd')), {
      minLength: rows,
      maxLength: rows,
    }),
    cursor: fc.record({ x: fc.integer({ min: -2, max: 90 }), y: fc.nat(rows) }),
    wraps: fc.option(fc.array(fc.boolean(), { minLength: rows, maxLength: rows }), { nil: undefined }),
    styles: fc.option(fc.array(fc.array(run, { maxLength: 2 }), { minLength: rows, maxLength: rows }), {
      nil: undefined,
    }),
    columns: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  }) as fc.Arbitrary<ScreenSnapshot>;

/** A frame's parts as the recorder has them: the body between two screens (plain, scrolled, full or none). */
const parts = fc
  .integer({ min: 1, max: 8 })
  .chain((rows) =>
    fc.record({
      at: fc.oneof(fc.nat(), fc.constant(Date.UTC(2026, 11, 7)), fc.constant(2 ** 31)),
      previous: fc.option(screen(rows), { nil: undefined }),
      screen: screen(rows),
      passed: fc.array(anyText, { maxLength: 4 }),
      skipped: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
    }),
  )
  .map((rest): FrameParts => ({ ...rest, plan: framePlan(rest.previous, rest.screen) }));

const written = (frame: FrameParts, initial: number): string => {
  const out = new JsonBytes(initial);
  writeFrame(out, frame);
  return out.buffer.toString('utf8', 0, out.used);
};

describe("a recorded frame's JSON line, written from its parts", () => {
  it('is byte for byte JSON.stringify of the frame object the recorder built before', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 1, max: 64 }), (frame, initial) => {
        expect(written(frame, initial)).toBe(JSON.stringify(builtFrame(frame)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('tells a frame with no changed rows by the screen: its rows, its cursor, its wrapping', () => {
    const screen: ScreenSnapshot = {
      lines: ['ab', 'c', ''],
      cursor: { x: 1, y: 2 },
      wraps: [true, false, false],
    };
    const frame: FrameParts = { at: 5, plan: undefined, screen, passed: ['gone'], skipped: 3 };
    expect(JSON.parse(written(frame, 1))).toEqual({
      at: 5,
      full: false,
      rows: 3,
      changes: [],
      cursor: { x: 1, y: 2 },
      wrapped: [0],
      passed: ['gone'],
      skipped: 3,
    });
  });

  it('goes into a line buffer as one line among plain text lines, ASCII or not', () => {
    const buffer = new LineBuffer();
    const screen: ScreenSnapshot = { lines: ['x ✓'], cursor: { x: 0, y: 0 } };
    buffer.push('plain line');
    buffer.pushFrame({ at: 1, plan: framePlan(undefined, screen), screen, passed: [], skipped: 0 });
    buffer.push('é then ascii');
    expect(buffer.count).toBe(3);
    expect(buffer.text().split('\n')).toEqual([
      'plain line',
      '{"at":1,"full":true,"rows":1,"changes":[{"row":0,"text":"x ✓"}],"cursor":{"x":0,"y":0}}',
      'é then ascii',
    ]);
  });
});
