import type { FlowBox, FlowLayout } from './flow-layout';

/**
 * The flow graph at scale (issue 22, item 6): agents in team clusters, the clusters in rows ("shelves")
 * that fit the canvas's aspect ratio, incrementally. A cluster gets, when it first appears, a cell big
 * enough for its whole team (`clusterColumns` × the rows the team needs) at the end of the last shelf, or
 * at the start of a new shelf below when the last one is full; a node that once got a slot keeps it (its
 * position never changes while it stays shown), a new node takes the next free slot of its cluster. So
 * nothing already on screen moves when a new pair starts talking. Only when a cluster outgrows its cell
 * (its team grew) and a shelf lies below it are the cells laid out again, in the order they appeared.
 * Every slot sits on one grid of columns, and every shelf's rows line up across the shelf, so the gutters
 * between columns and rows run clear through the whole graph: edges are routed along them (`routeEdge`,
 * edge-route.ts) and never cross a node. Pure.
 */

export const SLOT_WIDTH = 168;
export const SLOT_HEIGHT = 40;
/** Room between slots: the edges' lanes. */
export const GUTTER = 36;
/** Above a cluster's first row: its title. */
export const TITLE_BAND = 24;
const CLUSTER_PADDING = 10;
/** Between the bottom of a shelf's tallest cell and the next shelf. */
const SHELF_GAP = 16;
const PITCH_X = SLOT_WIDTH + GUTTER;
const PITCH_Y = SLOT_HEIGHT + GUTTER;
/** The canvas's width / height when the view does not know it yet. */
export const DEFAULT_ASPECT = 16 / 9;

/**
 * Columns of slots a cluster gets, fixed when it first appears: about as wide as tall for its team's
 * size (two columns for a team of 10, three for 20). Slots are wider than tall, so fewer columns than rows.
 */
export function clusterColumns(teamSize: number): number {
  return Math.max(1, Math.round(Math.sqrt((Math.max(1, teamSize) * PITCH_Y) / PITCH_X)));
}

export interface ClusterNode {
  id: string;
  /** The cluster it belongs to (a team id; `''` for agents in no team, the human and closed agents). */
  cluster: string;
}

export interface Cluster {
  id: string;
  box: FlowBox;
}

/** A cluster's cell: its first column on the global grid, the top of its shelf, its size in slots. */
export interface ClusterCell {
  column: number;
  top: number;
  span: number;
  rows: number;
}

/** Where things sit, and what to keep for the next layout: every node's slot, every cluster's cell. */
export interface ClusterLayout extends FlowLayout {
  clusters: Cluster[];
  /** node id → [cluster id, slot index] (kept for nodes that are hidden for now, so they come back in place). */
  slots: Record<string, [string, number]>;
  /** cluster id → its cell, in the order clusters appeared. */
  cells: Record<string, ClusterCell>;
  /** How many columns a shelf holds: fixed by the first layout (from the canvas's aspect ratio). */
  shelfColumns: number;
}

export const emptyClusterLayout: ClusterLayout = {
  boxes: {},
  width: 0,
  height: 0,
  clusters: [],
  slots: {},
  cells: {},
  shelfColumns: 0,
};

const columnX = (column: number) => GUTTER + column * PITCH_X;
const rowY = (top: number, row: number) => top + TITLE_BAND + GUTTER + row * PITCH_Y;
/** The height a cell of `rows` rows takes from its shelf's top to its bottom padding. */
const cellHeight = (rows: number) => rowY(0, rows - 1) + SLOT_HEIGHT + CLUSTER_PADDING;

export interface ClusterLayoutOptions {
  /** Clusters that appear together are placed in this order (the org chart's team order). */
  clusterOrder?: readonly string[];
  /** cluster id → its team's size (every agent, shown or not): the room its cell keeps. */
  clusterSizes?: Readonly<Record<string, number>>;
  /** The canvas's width / height: shelves are filled to about this aspect ratio. */
  aspect?: number;
}

/**
 * How many columns a shelf holds so that the cells of every known team (`sizes`, plus the clusters
 * appearing now) fill a box of about the aspect ratio `aspect`; at least the widest cell.
 */
function shelfColumnsFor(spansAndRows: readonly { span: number; rows: number }[], aspect: number): number {
  const area = spansAndRows.reduce((sum, c) => sum + c.span * PITCH_X * (cellHeight(c.rows) + SHELF_GAP), 0);
  const width = Math.sqrt(area * (aspect > 0 && Number.isFinite(aspect) ? aspect : DEFAULT_ASPECT));
  return Math.max(1, ...spansAndRows.map((c) => c.span), Math.round(width / PITCH_X));
}

/** Puts cells one after another into shelves of `shelfColumns` columns, after `cursor` (the last shelf). */
function fillShelves(
  cells: Record<string, ClusterCell>,
  add: readonly [string, { span: number; rows: number }][],
  shelfColumns: number,
  cursor: { column: number; top: number; height: number },
): void {
  for (const [id, { span, rows }] of add) {
    if (cursor.column > 0 && cursor.column + span > shelfColumns) {
      cursor.top += cursor.height + SHELF_GAP;
      cursor.column = 0;
      cursor.height = 0;
    }
    cells[id] = { column: cursor.column, top: cursor.top, span, rows };
    cursor.column += span;
    cursor.height = Math.max(cursor.height, cellHeight(rows));
  }
}

/** The last shelf's state: where the next cell would go. */
function lastShelf(cells: Record<string, ClusterCell>): { column: number; top: number; height: number } {
  const all = Object.values(cells);
  if (all.length === 0) return { column: 0, top: 0, height: 0 };
  const top = Math.max(...all.map((c) => c.top));
  const last = all.filter((c) => c.top === top);
  return {
    column: Math.max(...last.map((c) => c.column + c.span)),
    top,
    height: Math.max(...last.map((c) => cellHeight(c.rows))),
  };
}

/**
 * Places `nodes` (in the order given: the first of a cluster gets its first free slot) keeping every slot
 * and cluster cell of `previous`. Pure.
 */
export function clusterLayout(
  nodes: readonly ClusterNode[],
  previous: ClusterLayout = emptyClusterLayout,
  options: ClusterLayoutOptions = {},
): ClusterLayout {
  const { clusterOrder = [], clusterSizes = {}, aspect = DEFAULT_ASPECT } = options;
  const slots = { ...previous.slots };
  let cells = { ...previous.cells };
  const shown = new Map<string, number>();
  for (const node of nodes) shown.set(node.cluster, (shown.get(node.cluster) ?? 0) + 1);
  const need = (cluster: string) => {
    const size = Math.max(clusterSizes[cluster] ?? 0, shown.get(cluster) ?? 0, 1);
    const span = clusterColumns(size);
    return { span, rows: Math.ceil(size / span) };
  };
  const appearing = [...shown.keys()].filter((c) => cells[c] === undefined);
  appearing.sort((a, b) => rank(clusterOrder, a) - rank(clusterOrder, b));
  let shelfColumns = previous.shelfColumns;
  // Fixed once the first clusters appear (before that the fleet may not be known yet).
  if (shelfColumns === 0 && appearing.length > 0) {
    const known = new Set([...Object.keys(clusterSizes), ...appearing]);
    shelfColumns = shelfColumnsFor([...known].map(need), aspect);
  }
  const placed = placeSlots(nodes, slots);
  /** How many rows of its cell a cluster's shown nodes reach. */
  const reach = (cluster: string, span: number) => Math.floor((placed.last.get(cluster) ?? -1) / span) + 1;
  // A cluster whose nodes reach below its cell while a shelf lies below it: lay every cell out again.
  const bottom = lastShelf(cells).top;
  const outgrown = Object.entries(cells).some(
    ([id, cell]) => cell.top < bottom && reach(id, cell.span) > cell.rows,
  );
  if (outgrown) {
    const again: [string, { span: number; rows: number }][] = Object.entries(cells).map(([id, cell]) => {
      const rows = Math.max(cell.rows, reach(id, cell.span));
      return [id, { span: cell.span, rows }];
    });
    cells = {};
    fillShelves(cells, again, shelfColumns, { column: 0, top: 0, height: 0 });
  }
  fillShelves(
    cells,
    appearing.map((c) => [c, need(c)]),
    shelfColumns,
    lastShelf(cells),
  );
  const boxes: Record<string, FlowBox> = {};
  for (const node of nodes) {
    const index = placed.index.get(node.id)!;
    const cell = cells[node.cluster]!;
    const row = Math.floor(index / cell.span);
    const column = cell.column + (index % cell.span);
    boxes[node.id] = { x: columnX(column), y: rowY(cell.top, row), width: SLOT_WIDTH, height: SLOT_HEIGHT };
  }
  const clusters = [...shown.keys()]
    .map((id): Cluster => {
      const cell = cells[id]!;
      const rows = reach(id, cell.span);
      const width = cell.span * SLOT_WIDTH + (cell.span - 1) * GUTTER + 2 * CLUSTER_PADDING;
      // The title sits at the top, above the first row's gutter (so no edge runs through it).
      return {
        id,
        box: { x: columnX(cell.column) - CLUSTER_PADDING, y: cell.top, width, height: cellHeight(rows) },
      };
    })
    .sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const width = Math.max(0, ...clusters.map((c) => c.box.x + c.box.width + CLUSTER_PADDING));
  const height = Math.max(0, ...clusters.map((c) => c.box.y + c.box.height));
  return { boxes, clusters, slots, cells, shelfColumns, width, height };
}

/**
 * Every node's slot index in its cluster: kept slots first (a node that comes back finds its slot unless
 * another node holds it now), then the first free one. Records new slots in `slots`; also each cluster's
 * highest slot index in use.
 */
function placeSlots(
  nodes: readonly ClusterNode[],
  slots: Record<string, [string, number]>,
): { index: Map<string, number>; last: Map<string, number> } {
  const used = new Map<string, Set<number>>();
  const taken = (cluster: string) => used.get(cluster) ?? used.set(cluster, new Set()).get(cluster)!;
  const index = new Map<string, number>();
  for (const node of nodes) {
    const slot = slots[node.id];
    if (slot && slot[0] === node.cluster && !taken(node.cluster).has(slot[1])) {
      taken(node.cluster).add(slot[1]);
      index.set(node.id, slot[1]);
    }
  }
  for (const node of nodes) {
    if (index.has(node.id)) continue;
    let next = 0;
    while (taken(node.cluster).has(next)) next++;
    taken(node.cluster).add(next);
    index.set(node.id, next);
    slots[node.id] = [node.cluster, next];
  }
  const last = new Map([...used].map(([cluster, set]) => [cluster, Math.max(...set)]));
  return { index, last };
}

function rank(order: readonly string[], id: string): number {
  const index = order.indexOf(id);
  return index < 0 ? order.length : index;
}
