import { describe, expect, it } from 'vitest';
import { fittedFontSize, MAX_FONT_SIZE, MIN_FONT_SIZE } from '../../src/mirror/fit-font';

describe('fittedFontSize', () => {
  it('scales the font so the rendered width meets the available width, in half points', () => {
    expect(fittedFontSize(13, 400, 800)).toBe(26);
    expect(fittedFontSize(13, 400, 2000)).toBe(MAX_FONT_SIZE);
    expect(fittedFontSize(13, 400, 800, 14)).toBe(14);
    expect(fittedFontSize(13, 520, 600)).toBe(15);
    expect(fittedFontSize(12, 900, 610)).toBe(8);
  });

  it('stays readable at the bounds and unchanged when nothing is measured', () => {
    expect(fittedFontSize(13, 2000, 300)).toBe(MIN_FONT_SIZE);
    expect(fittedFontSize(13, 0, 500)).toBe(13);
    expect(fittedFontSize(13, 500, 0)).toBe(13);
  });
});
