import type { FlowBox } from './flow-layout';
import { GUTTER } from './cluster-layout';

export interface Point {
  x: number;
  y: number;
}

/**
 * Which of the 5 lanes of a gutter a route takes: `out` in the column gutter beside the source, `across`
 * in the gutter row above the target's row, `in` in the column gutter beside the target.
 */
export interface RouteLanes {
  out: number;
  across: number;
  in: number;
}

const laneOffset = (lane: number) => 6 + (lane % 5) * 5;

/**
 * An orthogonal route from `from`'s side to `to`'s side that runs only through gutters: out of the
 * source's side into the gutter beside it, along the gutter row above the target's row, down the gutter
 * beside the target, into its side. `lane` (0, 1, 2…; one for all three parts, or each its own) shifts
 * the route inside the gutters so parallel edges stay apart. Pure.
 */
export function routeEdge(from: FlowBox, to: FlowBox, lane: number | RouteLanes = 0): Point[] {
  const lanes = typeof lane === 'number' ? { out: lane, across: lane, in: lane } : lane;
  const offset = laneOffset(lanes.out);
  const rightward = to.x + to.width / 2 >= from.x + from.width / 2;
  const startX = rightward ? from.x + from.width : from.x;
  const startY = from.y + from.height / 3;
  const endX = rightward ? to.x : to.x + to.width;
  const endY = to.y + (2 * to.height) / 3;
  const gutterOut = rightward ? startX + offset : startX - offset;
  const gutterIn = rightward ? endX - laneOffset(lanes.in) : endX + laneOffset(lanes.in);
  // The gutter row just above the target's row.
  const rowAbove = to.y - GUTTER + laneOffset(lanes.across);
  if (
    (rightward && to.x - (from.x + from.width) <= GUTTER + 1) ||
    (!rightward && from.x - (to.x + to.width) <= GUTTER + 1)
  ) {
    // Neighbouring columns (any rows): the gutter between them leads from one side to the other, so
    // straight along it (both ends at their own height), not up to the row above the target and back.
    return [
      { x: startX, y: startY },
      { x: gutterOut, y: startY },
      { x: gutterOut, y: endY },
      { x: endX, y: endY },
    ];
  }
  return [
    { x: startX, y: startY },
    { x: gutterOut, y: startY },
    { x: gutterOut, y: rowAbove },
    { x: gutterIn, y: rowAbove },
    { x: gutterIn, y: endY },
    { x: endX, y: endY },
  ];
}

/** An SVG path through the points with rounded corners, and the middle of its longest segment (for the label). */
export function pathOf(
  points: readonly Point[],
  radius = 6,
): { path: string; labelX: number; labelY: number } {
  let path = `M ${points[0]!.x} ${points[0]!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const before = { x: b.x - Math.sign(b.x - a.x) * r, y: b.y - Math.sign(b.y - a.y) * r };
    const after = { x: b.x + Math.sign(c.x - b.x) * r, y: b.y + Math.sign(c.y - b.y) * r };
    path += ` L ${before.x} ${before.y} Q ${b.x} ${b.y} ${after.x} ${after.y}`;
  }
  const last = points.at(-1)!;
  path += ` L ${last.x} ${last.y}`;
  let best = { length: -1, x: 0, y: 0 };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length > best.length) best = { length, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }
  return { path, labelX: best.x, labelY: best.y };
}

/** Whether an axis-parallel segment passes through the inside of a box (touching its border does not count). Pure. */
export function segmentCrossesBox(a: Point, b: Point, box: FlowBox): boolean {
  const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x1 < box.x + box.width && x2 > box.x && y1 < box.y + box.height && y2 > box.y;
}
