/**
 * The org chart's layout engine: nested boxes packed into rows, the way ELK's `box` algorithm packs them in its
 * SIMPLE mode — the same positions and sizes (test/box-packing.test.ts compares the two on random fleets), in a
 * few microseconds and without elkjs's 1.46 MB chunk, which the chart's first load used to fetch, parse and run
 * on the page's thread (~0.2–0.4 s of a 200-agent first load). Pure.
 */

export interface Padding {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** How a group packs its children. */
export interface Packing {
  padding: Padding;
  /** Space between two children, across and down. */
  spacing: number;
  /** The width / height the rows aim for. */
  aspectRatio: number;
  minWidth: number;
  minHeight: number;
}

/** A box to place: a leaf with a size, or a group (packing set) sized by what it holds. */
export interface BoxNode {
  id: string;
  width?: number;
  height?: number;
  packing?: Packing;
  children?: BoxNode[];
}

/** A placed box: its position relative to its parent and its size, and its placed children. */
export interface PlacedBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  children: PlacedBox[];
}

/** Lays out `root` (its position 0, 0), every group after its children, as ELK's box layouter does. */
export function packBoxes(root: BoxNode): PlacedBox {
  return place(root);
}

function place(node: BoxNode): PlacedBox {
  const children = (node.children ?? []).map(place);
  if (!node.packing)
    return { id: node.id, x: 0, y: 0, width: node.width ?? 0, height: node.height ?? 0, children };
  const size = packRows(sortedForPacking(node.children ?? [], children), node.packing);
  return { id: node.id, x: 0, y: 0, width: size.width, height: size.height, children };
}

/**
 * Smallest area first; boxes of equal area keep their order (a stable sort, as ELK's). An empty group counts as
 * no area: ELK sorts before it gives a group with nothing to lay out its minimum size.
 */
function sortedForPacking(nodes: readonly BoxNode[], boxes: readonly PlacedBox[]): PlacedBox[] {
  const area = (index: number) => {
    const node = nodes[index]!;
    if (node.packing && !node.children?.length) return 0;
    return boxes[index]!.width * boxes[index]!.height;
  };
  return boxes
    .map((box, index) => ({ box, area: area(index) }))
    .sort((a, b) => a.area - b.area)
    .map(({ box }) => box);
}

/** Places `boxes` in rows no wider than the aspect ratio asks for; returns the group's size. */
function packRows(boxes: PlacedBox[], packing: Packing): { width: number; height: number } {
  const { padding, spacing } = packing;
  const rowWidth = targetRowWidth(boxes, packing);
  let x = padding.left;
  let y = padding.top;
  let tallest = 0;
  let broadest = padding.left + padding.right;
  for (const box of boxes) {
    if (x + box.width > rowWidth) {
      x = padding.left;
      y += tallest + spacing;
      tallest = 0;
      broadest = Math.max(broadest, padding.left + padding.right + box.width);
    }
    box.x = x;
    box.y = y;
    broadest = Math.max(broadest, x + box.width + padding.right);
    tallest = Math.max(tallest, box.height);
    x += box.width + spacing;
  }
  return {
    width: Math.max(broadest, packing.minWidth),
    height: Math.max(y + tallest + padding.bottom, packing.minHeight),
  };
}

/**
 * The row width that gives the packing its aspect ratio: the boxes' area widened by their spread of sizes and
 * the padding. One box gives NaN (its spread divides by zero), as in ELK: every box then shares one row.
 */
function targetRowWidth(boxes: PlacedBox[], { padding, aspectRatio }: Packing): number {
  let widest = 0;
  let area = 0;
  for (const box of boxes) {
    widest = Math.max(widest, box.width);
    area += box.width * box.height;
  }
  const mean = area / boxes.length;
  let variance = 0;
  for (const box of boxes) variance += (box.width * box.height - mean) ** 2;
  area += boxes.length * Math.sqrt(variance / (boxes.length - 1));
  area += Math.sqrt(area) * (padding.bottom + padding.top);
  area += Math.sqrt(area) * padding.right;
  return Math.max(widest, Math.sqrt(area * aspectRatio)) + padding.left;
}
