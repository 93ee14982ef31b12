import { boxesOverlap as overlaps, type FlowBox } from '../flow/flow-layout';

/** A box on the canvas, in screen pixels from its top left. */
export type CanvasBox = FlowBox;

export interface FitViewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The fitted viewport moved, never zoomed, so the chart (`chart`: its size in chart units) lies clear of the canvas's
 * overlays (the minimap and the zoom buttons, in canvas pixels, with their margins): left by as much as the minimap
 * covers, else up, when the canvas has that room beside the centred chart and the moved chart covers no other
 * overlay; else as fitted. Found in session 26's screenshots: 60 agents at 1280×800, the fitted chart centred with
 * 180 px free on its left, and the minimap over the last team's cards on its right. Pure.
 */
export function clearOfOverlays(
  viewport: FitViewport,
  chart: { width: number; height: number },
  canvas: { width: number; height: number },
  overlays: readonly CanvasBox[],
): FitViewport {
  const box = (at: FitViewport): CanvasBox => ({
    x: at.x,
    y: at.y,
    width: chart.width * at.zoom,
    height: chart.height * at.zoom,
  });
  const fitted = box(viewport);
  const covering = overlays.filter((overlay) => overlaps(fitted, overlay));
  if (covering.length === 0) return viewport;
  const left = Math.max(...covering.map((o) => fitted.x + fitted.width - o.x));
  const up = Math.max(...covering.map((o) => fitted.y + fitted.height - o.y));
  for (const moved of [
    { ...viewport, x: viewport.x - left },
    { ...viewport, y: viewport.y - up },
  ]) {
    const at = box(moved);
    const inside =
      at.x >= 0 && at.y >= 0 && at.x + at.width <= canvas.width && at.y + at.height <= canvas.height;
    if (inside && !overlays.some((overlay) => overlaps(at, overlay))) return moved;
  }
  return viewport;
}
