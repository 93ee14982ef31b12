import { describe, expect, it } from 'vitest';
import { WHOLE_STEPS, yAxisSize } from '../src/views/dashboard/chart-axes';

// The tick marks (10 px) and their gap (5 px) come before the label; the axis font is ~7 px a character.
const roomFor = (label: string) => 10 + 5 + 7 * label.length;

describe('the health charts’ y axis', () => {
  it('ticks only whole numbers: the charts count agents, screen updates and messages', () => {
    expect(WHOLE_STEPS.every((step) => Number.isInteger(step) && step >= 1)).toBe(true);
    expect([...WHOLE_STEPS].sort((a, b) => a - b)).toEqual(WHOLE_STEPS);
  });

  it('is as wide as its longest label, so none is clipped on the left', () => {
    for (const labels of [
      ['0', '1'],
      ['0', '5', '10'],
      ['0', '5,000', '10,000'],
      ['0', '100,000'],
    ]) {
      const longest = labels.reduce((a, b) => (b.length > a.length ? b : a));
      expect(yAxisSize(undefined, labels)).toBeGreaterThan(roomFor(longest));
    }
    expect(yAxisSize(undefined, ['0', '10,000'])).toBeGreaterThan(yAxisSize(undefined, ['0', '1']));
    expect(yAxisSize(undefined, null)).toBeGreaterThan(roomFor('0'));
  });
});
