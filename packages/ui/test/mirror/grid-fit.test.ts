import { describe, expect, it } from 'vitest';
import { fitGrid } from '../../src/mirror/grid-choice';

describe('fitGrid: the grid columns that make the panes largest, each whole in its tile', () => {
  it("puts four narrow, tall panes (the simulator's 43 columns) side by side in a wide window", () => {
    const fit = fitGrid(4, { columns: 43, rows: 26 }, { width: 1570, height: 800 });
    expect(fit.columns).toBe(4);
    // Each pane fills its tile's width: 43 cells at that font are about a quarter of the width.
    expect(43 * 0.61 * fit.fontSize).toBeGreaterThan((1570 / 4) * 0.8);
  });

  it('gives four wide panes two columns, and one pane the whole width', () => {
    expect(fitGrid(4, { columns: 120, rows: 30 }, { width: 1570, height: 800 }).columns).toBe(2);
    expect(fitGrid(1, { columns: 80, rows: 24 }, { width: 1570, height: 800 }).columns).toBe(1);
  });

  it('stacks panes in a tall, narrow window', () => {
    expect(fitGrid(2, { columns: 80, rows: 24 }, { width: 700, height: 1400 }).columns).toBe(1);
  });
});
