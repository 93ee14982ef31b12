import type { FlowBox, FlowLayout } from './flow-layout';

/**
 * The flow graph at scale (issue 22, item 6): agents in team clusters on a grid, incrementally. A node
 * that once got a slot keeps it (its position never changes while it stays shown), a new node takes the
 * next free slot of its team's cluster, a new team's cluster is added on the right: so nothing already on
 * screen moves when a new pair starts talking. Between rows and columns run gutters, and edges are routed
 * along them (`routeEdge`), so an edge never crosses a node. Pure.
 */

export const SLOT_WIDTH = 168;
export const SLOT_HEIGHT = 40;
/** Room between slots: the edges' lanes. */
export const GUTTER = 36;
/** Above a cluster's first row: its title. */
const TITLE_BAND = 24;
/** Columns of slots a cluster gets, fixed when it first appears: about a sixth of the square root of its team's size (one for a team of up to 13). */
export function clusterColumns(teamSize: number): number {
  return Math.max(1, Math.round(Math.sqrt(Math.max(1, teamSize) / 6)));
}
const CLUSTER_PADDING = 10;

export interface ClusterNode {
  id: string;
  /** The cluster it belongs to (a team id; `''` for agents in no team, the human and closed agents). */
  cluster: string;
}

export interface Cluster {
  id: string;
  box: FlowBox;
}

/** Where things sit, and what to keep for the next layout: every node's slot, every cluster's column. */
export interface ClusterLayout extends FlowLayout {
  clusters: Cluster[];
  /** node id → [cluster id, slot index] (kept for nodes that are hidden for now, so they come back in place). */
  slots: Record<string, [string, number]>;
  /** cluster id → its first global column, in the order clusters appeared. */
  columns: Record<string, number>;
  /** cluster id → how many columns it spans. */
  spans: Record<string, number>;
}

export const emptyClusterLayout: ClusterLayout = {
  boxes: {},
  width: 0,
  height: 0,
  clusters: [],
  slots: {},
  columns: {},
  spans: {},
};

const columnX = (column: number) => GUTTER + column * (SLOT_WIDTH + GUTTER);
const rowY = (row: number) => TITLE_BAND + GUTTER + row * (SLOT_HEIGHT + GUTTER);

/**
 * Places `nodes` (in the order given: the first of a cluster gets its first free slot) keeping every slot
 * and cluster column of `previous`. Clusters are ordered by `clusterOrder` when they first appear. Pure.
 */
export function clusterLayout(
  nodes: readonly ClusterNode[],
  previous: ClusterLayout = emptyClusterLayout,
  clusterOrder: readonly string[] = [],
  clusterSizes: Readonly<Record<string, number>> = {},
): ClusterLayout {
  const slots = { ...previous.slots };
  const columns = { ...previous.columns };
  const spans = { ...previous.spans };
  let nextColumn = Math.max(0, ...Object.entries(columns).map(([c, start]) => start + spans[c]!));
  const appearing = [...new Set(nodes.map((n) => n.cluster))].filter((c) => columns[c] === undefined);
  appearing.sort((a, b) => rank(clusterOrder, a) - rank(clusterOrder, b));
  for (const cluster of appearing) {
    columns[cluster] = nextColumn;
    spans[cluster] = clusterColumns(
      clusterSizes[cluster] ?? nodes.filter((n) => n.cluster === cluster).length,
    );
    nextColumn += spans[cluster];
  }
  const used = new Map<string, Set<number>>();
  const taken = (cluster: string) => used.get(cluster) ?? used.set(cluster, new Set()).get(cluster)!;
  const placed = new Map<string, number>();
  // Kept slots first (a node that comes back finds its slot unless another node holds it now)…
  for (const node of nodes) {
    const slot = slots[node.id];
    if (slot && slot[0] === node.cluster && !taken(node.cluster).has(slot[1])) {
      taken(node.cluster).add(slot[1]);
      placed.set(node.id, slot[1]);
    }
  }
  // …then every other node takes the first free slot of its cluster.
  for (const node of nodes) {
    if (placed.has(node.id)) continue;
    let index = 0;
    while (taken(node.cluster).has(index)) index++;
    taken(node.cluster).add(index);
    placed.set(node.id, index);
    slots[node.id] = [node.cluster, index];
  }
  const boxes: Record<string, FlowBox> = {};
  const rows = new Map<string, number>();
  for (const node of nodes) {
    const index = placed.get(node.id)!;
    const span = spans[node.cluster]!;
    const row = Math.floor(index / span);
    const column = columns[node.cluster]! + (index % span);
    boxes[node.id] = { x: columnX(column), y: rowY(row), width: SLOT_WIDTH, height: SLOT_HEIGHT };
    rows.set(node.cluster, Math.max(rows.get(node.cluster) ?? 0, row + 1));
  }
  const clusters = [...rows.entries()]
    .sort(([a], [b]) => columns[a]! - columns[b]!)
    .map(([id, count]): Cluster => {
      const x = columnX(columns[id]!) - CLUSTER_PADDING;
      const width = spans[id]! * SLOT_WIDTH + (spans[id]! - 1) * GUTTER + 2 * CLUSTER_PADDING;
      // The title sits at the top, above the first row's gutter (so no edge runs through it).
      return { id, box: { x, y: 0, width, height: rowY(count - 1) + SLOT_HEIGHT + CLUSTER_PADDING } };
    });
  const maxRows = Math.max(0, ...rows.values());
  return { boxes, clusters, slots, columns, spans, width: columnX(nextColumn), height: rowY(maxRows) };
}

function rank(order: readonly string[], id: string): number {
  const index = order.indexOf(id);
  return index < 0 ? order.length : index;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * An orthogonal route from `from`'s side to `to`'s side that runs only through gutters: out of the
 * source's side into the gutter beside it, along the gutter row above the target's row, down the gutter
 * beside the target, into its side. `lane` (0, 1, 2…) shifts the route inside the gutters so parallel
 * edges stay apart. Pure.
 */
export function routeEdge(from: FlowBox, to: FlowBox, lane = 0): Point[] {
  const offset = 6 + (lane % 5) * 5;
  const rightward = to.x + to.width / 2 >= from.x + from.width / 2;
  const startX = rightward ? from.x + from.width : from.x;
  const startY = from.y + from.height / 3;
  const endX = rightward ? to.x : to.x + to.width;
  const endY = to.y + (2 * to.height) / 3;
  const gutterOut = rightward ? startX + offset : startX - offset;
  const gutterIn = rightward ? endX - offset : endX + offset;
  // The gutter row just above the target's row.
  const rowAbove = to.y - GUTTER + offset;
  if (
    Math.abs(from.y - to.y) < 1 &&
    ((rightward && to.x - (from.x + from.width) <= GUTTER + 1) ||
      (!rightward && from.x - (to.x + to.width) <= GUTTER + 1))
  ) {
    // Neighbours on one row: straight across the gutter between them (both ends at their own height).
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
