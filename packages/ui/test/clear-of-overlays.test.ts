import { describe, expect, it } from 'vitest';
import { clearOfOverlays } from '../src/graph/clear-of-overlays';

// A 1000×600 canvas; the minimap (with its margin) at its bottom right, the zoom buttons at its bottom left.
const canvas = { width: 1000, height: 600 };
const minimap = { x: 770, y: 420, width: 230, height: 180 };
const controls = { x: 0, y: 480, width: 80, height: 120 };

describe('clearOfOverlays: the fitted chart beside the minimap, not under it', () => {
  it('leaves a chart that covers nothing where it was fitted', () => {
    const fitted = { x: 100, y: 20, zoom: 0.5 };
    expect(clearOfOverlays(fitted, { width: 1000, height: 800 }, canvas, [minimap, controls])).toBe(fitted);
  });

  it('moves a chart under the minimap left by as much as it covers, when the canvas has that room', () => {
    // 600×560 on screen from x 200: 30 px under the minimap.
    const fitted = { x: 200, y: 20, zoom: 0.5 };
    expect(clearOfOverlays(fitted, { width: 1200, height: 1120 }, canvas, [minimap, controls])).toEqual({
      x: 170,
      y: 20,
      zoom: 0.5,
    });
  });

  it('moves it up when there is no room on the left but room above', () => {
    // As wide as the canvas (0…1000), 400 high from y 100: 80 px under the minimap's top.
    const fitted = { x: 0, y: 100, zoom: 1 };
    expect(clearOfOverlays(fitted, { width: 1000, height: 400 }, canvas, [minimap])).toEqual({
      x: 0,
      y: 20,
      zoom: 1,
    });
  });

  it('keeps the fit when moving would leave the canvas or cover the zoom buttons', () => {
    const wide = { x: 0, y: 100, zoom: 1 };
    // 500 high from y 100: 80 px under the minimap's top but only 100 px above, and no room on the left.
    expect(clearOfOverlays(wide, { width: 1000, height: 500 }, canvas, [minimap])).toBe(wide);
    // Room on the left, but the moved chart's bottom left would lie on the zoom buttons.
    const low = { x: 80, y: 40, zoom: 1 };
    expect(clearOfOverlays(low, { width: 700, height: 520 }, canvas, [minimap, controls])).toBe(low);
  });
});
