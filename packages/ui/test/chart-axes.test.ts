import { describe, expect, it } from 'vitest';
import {
  TIME_TICK_SPACE,
  timeRange,
  timeTickLabels,
  WHOLE_STEPS,
  yAxisSize,
} from '../src/views/dashboard/chart-axes';

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

describe('the health charts’ time axis', () => {
  // 21:06:50 on 7 December 2026 (local time), then ticks 10 s apart, then ticks 15 minutes apart from 12:45 PM.
  const start = new Date(2026, 11, 7, 21, 6, 50).getTime() / 1000;
  const tenSeconds = [0, 10, 20, 30].map((s) => start + s);
  const noon = new Date(2026, 11, 7, 12, 45).getTime() / 1000;
  const quarters = [0, 900, 1800].map((s) => noon + s);

  it('labels every tick on one line: no date line under the first tick to run into the next one', () => {
    for (const labels of [timeTickLabels(tenSeconds, 10), timeTickLabels(quarters, 900)]) {
      expect(labels.every((label) => !label.includes('\n') && label.length > 0)).toBe(true);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('writes seconds alone between whole minutes, and the clock time on each minute', () => {
    expect(timeTickLabels(tenSeconds, 10)).toEqual([
      ':50',
      new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format((start + 10) * 1000),
      ':10',
      ':20',
    ]);
    expect(timeTickLabels(tenSeconds, 10)[1]).toMatch(/07/);
    expect(timeTickLabels(quarters, 900).map((label) => label.split(':').length)).toEqual([2, 2, 2]);
  });

  it('writes the day when ticks are a day or more apart, never the same label twice', () => {
    const days = [0, 1, 2].map((d) => new Date(2026, 11, 7 + d).getTime() / 1000);
    const labels = timeTickLabels(days, 86_400);
    expect(new Set(labels).size).toBe(3);
    expect(labels[0]).toMatch(/7/);
  });

  it('spreads a single point over two minutes around it, not uPlot’s years', () => {
    expect(timeRange(start, start)).toEqual([start - 60, start + 60]);
    expect(timeRange(start, start + 30)).toEqual([start, start + 30]);
  });

  it('keeps ticks far enough apart for two neighbouring labels', () => {
    for (const labels of [timeTickLabels(tenSeconds, 10), timeTickLabels(quarters, 900)])
      for (let i = 1; i < labels.length; i += 1)
        expect(TIME_TICK_SPACE).toBeGreaterThan((7 * (labels[i - 1]!.length + labels[i]!.length)) / 2);
  });
});
