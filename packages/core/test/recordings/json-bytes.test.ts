import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBytes } from '../../src/recordings/json-bytes';

/** What JsonBytes wrote for `value`, as text, starting from a buffer of `initial` bytes (small: it must grow). */
const written = (value: unknown, initial = 1): string => {
  const out = new JsonBytes(initial);
  out.value(value);
  return out.buffer.toString('utf8', 0, out.used);
};

/** Text as panes show it, and text that needs escaping: quotes, backslashes, controls, non-ASCII, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    'a "quoted" \\ path',
    'tab\there',
    'esc \u001b[31m red',
    '\u007f',
    '✓ 🚀 é',
    '\ud800 lone',
  ),
);

/** A recorded frame's shape: `at`, rows, changes with text and style runs, cursor, wrapped, passed, skipped. */
const frame = fc.record(
  {
    at: fc.oneof(fc.nat(), fc.constant(Date.UTC(2026, 11, 7)), fc.constant(0x7fffffff), fc.constant(2 ** 31)),
    full: fc.boolean(),
    rows: fc.nat(200),
    columns: fc.integer({ min: 1, max: 10_000 }),
    changes: fc.array(
      fc.record(
        {
          row: fc.nat(200),
          text: anyText,
          styles: fc.array(
            fc.record(
              { start: fc.nat(), length: fc.nat(), fg: fc.string({ maxLength: 8 }), bold: fc.boolean() },
              { requiredKeys: ['start', 'length'] },
            ),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: ['row', 'text'] },
      ),
      { maxLength: 30 },
    ),
    cursor: fc.record({ x: fc.integer({ min: -5, max: 500 }), y: fc.integer({ min: -5, max: 500 }) }),
    scrolled: fc.integer({ min: 1, max: 10_000 }),
    wrapped: fc.array(fc.nat(200), { maxLength: 10 }),
    passed: fc.array(anyText, { maxLength: 10 }),
    skipped: fc.integer({ min: 1, max: 1_000_000 }),
  },
  { requiredKeys: ['at', 'full', 'rows', 'changes', 'cursor'] },
);

describe("a frame's JSON written as bytes", () => {
  it('is byte for byte what JSON.stringify makes, for any frame', () => {
    fc.assert(
      fc.property(frame, fc.integer({ min: 1, max: 64 }), (value, initial) => {
        expect(written(value, initial)).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('writes numbers, literals and what JSON leaves out as JSON.stringify does', () => {
    const values: unknown[] = [
      0,
      -0,
      7,
      -7,
      0.5,
      1e21,
      2 ** 31,
      2 ** 53 + 2,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      false,
      null,
      [],
      {},
      [undefined, () => 1, Symbol('s'), 3],
      { a: undefined, b: () => 1, c: 1, 2: 'two', 1: 'one' },
      { nested: [{ deeper: ['x', { y: '"' }] }] },
      { toJSON: () => 'as JSON' },
      new Date(Date.UTC(2026, 11, 7)),
    ];
    for (const value of values) expect(written(value)).toBe(JSON.stringify(value));
  });
});
