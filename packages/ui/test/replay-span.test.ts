import { describe, expect, it } from 'vitest';
import { spanOf } from '../src/views/replay/replay-model';

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
});
