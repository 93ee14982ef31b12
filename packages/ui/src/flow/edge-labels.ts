import { boxesOverlap, type FlowBox } from './flow-layout';
import type { Point } from './edge-route';

/**
 * Where the count label of each routed edge goes (issue 22, item 6): on the edge itself, where its box
 * overlaps no node, no cluster title and no label placed before it; the busiest edges choose first. An
 * edge whose route has no such place (a short hop between neighbours, a crowded gutter) gets none: the
 * view shows its label only while the edge is hovered, focused, selected or lit by a hovered node. A
 * label keeps its last place while that is still on its route and free, so counts going up as messages
 * arrive do not shuffle the labels. Pure.
 */

/** The label's box at 11 px bold: 7 px per character plus a 3 px halo each side, one line high. */
export const LABEL_HEIGHT = 14;
const CHAR_WIDTH = 7;
const HALO = 3;
/** Where along a segment to try, in order: the middle first. */
const FRACTIONS = [0.5, 0.35, 0.65, 0.2, 0.8];
const STEP = 12;
const MAX_STEPS = 40;

export function labelSize(text: string): { width: number; height: number } {
  return { width: text.length * CHAR_WIDTH + 2 * HALO, height: LABEL_HEIGHT };
}

export interface LabelRequest {
  id: string;
  points: readonly Point[];
  text: string;
  /** Higher chooses first (the edge's message count). */
  priority: number;
  /** Where its label was last time: tried first while it still lies on the route, so labels stay put. */
  previous?: Point | null;
}

/** A placed label: its centre (where the text is drawn) and its box. */
export interface PlacedLabel {
  x: number;
  y: number;
  box: FlowBox;
}

const overlaps = boxesOverlap;

/**
 * The candidate centres along a route, lazily (the first free one ends the search): on its longest
 * segments first, each at a few points along it, then every STEP px from its middle out: along a column
 * gutter those reach the gaps between rows, where a label wider than the lane has room.
 */
function* candidates(points: readonly Point[], size: { width: number; height: number }): Generator<Point> {
  const segments: { a: Point; b: Point; length: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const horizontal = a.y === b.y;
    const length = Math.abs(horizontal ? b.x - a.x : b.y - a.y);
    // The label fits on the segment with a little room at both ends (the corners are rounded); a short
    // upright hop (between neighbours: 13 px) may carry it across, since the label is hardly taller.
    if (length >= Math.min((horizontal ? size.width : size.height) + 8, horizontal ? Infinity : 12))
      segments.push({ a, b, length });
  }
  segments.sort((s, t) => t.length - s.length);
  const at = (a: Point, b: Point, f: number) => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });
  for (const { a, b } of segments) for (const f of FRACTIONS) yield at(a, b, f);
  for (const { a, b, length } of segments)
    for (let k = 1; k <= MAX_STEPS && k * STEP < length / 2; k++) {
      yield at(a, b, 0.5 - (k * STEP) / length);
      yield at(a, b, 0.5 + (k * STEP) / length);
    }
  const middle = hopMiddle(points);
  if (middle) yield middle;
}

/** A hop straight across the gap between neighbours on one row (4 points, ends 13 px apart in height): the middle of the gap. */
function hopMiddle(points: readonly Point[]): Point | null {
  const [first, last] = [points[0]!, points.at(-1)!];
  return points.length === 4 && Math.abs(first.y - last.y) < 20
    ? { x: (first.x + last.x) / 2, y: (points[1]!.y + points[2]!.y) / 2 }
    : null;
}

/**
 * Places every request's label where it overlaps none of `obstacles` and no label placed before it:
 * first each label at its previous place while that is still on its route and free, then the others at
 * their first free candidate (busiest first, ties by id); `null` where there is no such place. Pure.
 */
export function placeEdgeLabels(
  requests: readonly LabelRequest[],
  obstacles: readonly FlowBox[],
): Record<string, PlacedLabel | null> {
  const taken = new BoxGrid();
  for (const box of obstacles) taken.add(box);
  const result: Record<string, PlacedLabel | null> = {};
  const tryAt = (request: LabelRequest, centre: Point): boolean => {
    const size = labelSize(request.text);
    const box = { x: centre.x - size.width / 2, y: centre.y - size.height / 2, ...size };
    if (taken.hits(box)) return false;
    taken.add(box);
    result[request.id] = { x: centre.x, y: centre.y, box };
    return true;
  };
  const ordered = [...requests].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const kept = (r: LabelRequest) => !!r.previous && onRoute(r.points, r.previous) && tryAt(r, r.previous);
  for (const request of ordered.filter((r) => !kept(r))) {
    result[request.id] = null;
    for (const centre of candidates(request.points, labelSize(request.text)))
      if (tryAt(request, centre)) break;
  }
  return result;
}

const CELL = 64;

/** Boxes bucketed by 64 px cells, so a test looks only at the boxes near it (300 edges: ~1 ms, not ~40). */
class BoxGrid {
  private readonly cells = new Map<string, FlowBox[]>();

  private *keys(box: FlowBox): Generator<string> {
    for (let cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.width) / CELL); cx++)
      for (let cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.height) / CELL); cy++)
        yield `${cx},${cy}`;
  }

  add(box: FlowBox): void {
    for (const key of this.keys(box)) {
      const list = this.cells.get(key);
      if (list) list.push(box);
      else this.cells.set(key, [box]);
    }
  }

  hits(box: FlowBox): boolean {
    for (const key of this.keys(box)) if (this.cells.get(key)?.some((o) => overlaps(box, o))) return true;
    return false;
  }
}

/** Whether `p` lies on one of the route's segments (or is the middle of its hop between neighbours). */
function onRoute(points: readonly Point[], p: Point): boolean {
  const within = (v: number, a: number, b: number) => v >= Math.min(a, b) && v <= Math.max(a, b);
  const middle = hopMiddle(points);
  if (middle && middle.x === p.x && middle.y === p.y) return true;
  return points.slice(1).some((b, i) => {
    const a = points[i]!;
    return (
      (a.y === b.y && p.y === a.y && within(p.x, a.x, b.x)) ||
      (a.x === b.x && p.x === a.x && within(p.y, a.y, b.y))
    );
  });
}

/** Pairs of placed labels whose boxes overlap (for tests). Pure. */
export function overlappingLabels(labels: Record<string, PlacedLabel | null>): [string, string][] {
  const entries = Object.entries(labels).filter((e): e is [string, PlacedLabel] => e[1] !== null);
  const found: [string, string][] = [];
  for (let i = 0; i < entries.length; i++)
    for (let j = i + 1; j < entries.length; j++)
      if (overlaps(entries[i]![1].box, entries[j]![1].box)) found.push([entries[i]![0], entries[j]![0]]);
  return found;
}
