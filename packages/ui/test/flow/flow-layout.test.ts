import { describe, expect, it } from 'vitest';
import { overlappingBoxes } from '../../src/flow/flow-layout';

describe('overlappingBoxes', () => {
  it('finds boxes that overlap and ignores ones that only touch', () => {
    const boxes = {
      a: { x: 0, y: 0, width: 10, height: 10 },
      b: { x: 10, y: 0, width: 10, height: 10 },
      c: { x: 5, y: 5, width: 10, height: 10 },
    };
    expect(overlappingBoxes(boxes)).toEqual([
      ['a', 'c'],
      ['c', 'b'],
    ]);
  });
});
