import { describe, expect, it } from 'vitest';
import { holeAt, holeWords, spanOf } from '../src/views/replay/replay-model';

describe('the span a replay covers', () => {
  const lanes = [
    [{ at: 1_000 }, { at: 2_000 }],
    [{ at: 1_500 }, { at: 3_000 }],
  ];

  it('runs from the earliest first frame to the latest last frame', () => {
    expect(spanOf(lanes)).toEqual({ from: 1_000, to: 3_000 });
    expect(spanOf([[], []])).toBeNull();
  });

  it("reaches an event after the last frame (a state settling after its screen), so play's end is at it", () => {
    expect(spanOf(lanes, [{ at: 2_500 }, { at: 3_400 }, { at: 900 }])).toEqual({ from: 1_000, to: 3_400 });
  });

  it('holds a span that could not be read whole, even before the first frame or with no frame at all', () => {
    expect(spanOf(lanes, [], [{ from: 500, to: 800 }])).toEqual({ from: 500, to: 3_000 });
    expect(spanOf(lanes, [], [{ from: 2_900, to: 4_000 }])).toEqual({ from: 1_000, to: 4_000 });
    expect(spanOf([[]], [], [{ from: 500, to: 800 }])).toEqual({ from: 500, to: 800 });
  });
});

describe('a span that could not be read', () => {
  it('says how long is missing, and is found from a moment inside it', () => {
    expect(holeWords({ from: 1_000, to: 13_400 })).toBe('could not be read: 12 s missing');
    expect(holeWords({ from: 1_000, to: 1_300 })).toBe('could not be read: under 1 s missing');
    const holes = [
      { from: 1_000, to: 2_000 },
      { from: 5_000, to: 6_000 },
    ];
    expect(holeAt(holes, 5_500)).toBe(holes[1]);
    expect(holeAt(holes, 3_000)).toBeUndefined();
  });
});
