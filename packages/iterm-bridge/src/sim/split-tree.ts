/**
 * A tab's split tree, kept with the invariants iTerm2's `PTYTab checkInvariants` enforces:
 * the root is always a node; a non-root node has >= 2 children and the opposite orientation of its
 * parent; the root may hold exactly one child only when that child is a session.
 * `vertical = true` means vertical dividers: children laid out left to right.
 */
export interface PaneLeaf {
  readonly kind: 'session';
  readonly sessionId: string;
}

export interface SplitNode {
  readonly kind: 'node';
  vertical: boolean;
  children: SplitChild[];
}

export type SplitChild = PaneLeaf | SplitNode;

export interface GridSize {
  cols: number;
  rows: number;
}

/** Columns/rows a divider between two panes takes from the grid (iTerm2 draws a 1-point line; we round to a cell). */
export const DIVIDER_CELLS = 1;
export const MIN_PANE_COLS = 2;
export const MIN_PANE_ROWS = 2;

export const leaf = (sessionId: string): PaneLeaf => ({ kind: 'session', sessionId });
export const node = (vertical: boolean, children: SplitChild[]): SplitNode => ({
  kind: 'node',
  vertical,
  children,
});

/** Session ids in tree order (depth first, left to right / top to bottom). */
export function sessionIdsOf(tree: SplitChild): string[] {
  if (tree.kind === 'session') return [tree.sessionId];
  return tree.children.flatMap(sessionIdsOf);
}

/** Whether `tree` holds the session: a walk that stops at it, no list of ids built (run per tab on each lookup). */
export function containsSession(tree: SplitChild, sessionId: string): boolean {
  if (tree.kind === 'session') return tree.sessionId === sessionId;
  return tree.children.some((child) => containsSession(child, sessionId));
}

function findParent(root: SplitNode, sessionId: string): SplitNode | undefined {
  for (const child of root.children) {
    if (child.kind === 'session' && child.sessionId === sessionId) return root;
    if (child.kind === 'node') {
      const found = findParent(child, sessionId);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Inserts `newId` next to `targetId` following `PTYTab splitVertically:`: a lone pane in the root
 * re-orients the root; same orientation as the parent → sibling; otherwise the target is replaced
 * by a new node holding both. Returns false when the target is not in the tree.
 */
export function splitPane(
  root: SplitNode,
  targetId: string,
  newId: string,
  vertical: boolean,
  before: boolean,
): boolean {
  const parent = findParent(root, targetId);
  if (!parent) return false;
  const index = parent.children.findIndex((c) => c.kind === 'session' && c.sessionId === targetId);
  const added = leaf(newId);
  if (parent === root && parent.children.length === 1) {
    parent.vertical = vertical;
    parent.children.splice(before ? index : index + 1, 0, added);
  } else if (parent.vertical === vertical) {
    parent.children.splice(before ? index : index + 1, 0, added);
  } else {
    const target = parent.children[index]!;
    parent.children[index] = node(vertical, before ? [added, target] : [target, added]);
  }
  return true;
}

/** Removes a session and restores the invariants. Returns false when it was not in the tree. */
export function removeSession(root: SplitNode, sessionId: string): boolean {
  const parent = findParent(root, sessionId);
  if (!parent) return false;
  parent.children = parent.children.filter((c) => !(c.kind === 'session' && c.sessionId === sessionId));
  normalizeRoot(root);
  return true;
}

/**
 * Restores the invariants in place: drops empty nodes, splices single-child inner nodes into their
 * parent, flattens same-orientation nesting, and lets the root adopt a lone child node.
 */
export function normalizeRoot(root: SplitNode): void {
  root.children = normalizeChildren(root, root.children);
  while (root.children.length === 1 && root.children[0]!.kind === 'node') {
    const only = root.children[0] as SplitNode;
    root.vertical = only.vertical;
    root.children = normalizeChildren(root, only.children);
  }
}

function normalizeChildren(parent: SplitNode, children: SplitChild[]): SplitChild[] {
  const out: SplitChild[] = [];
  for (const child of children) {
    if (child.kind === 'session') {
      out.push(child);
      continue;
    }
    child.children = normalizeChildren(child, child.children);
    if (child.children.length === 0) continue;
    if (child.children.length === 1 || child.vertical === parent.vertical) out.push(...child.children);
    else out.push(child);
  }
  // Splicing may have put same-orientation nodes directly under `parent`; run again until stable.
  const again = out.some(
    (c) => c.kind === 'node' && (c.vertical === parent.vertical || c.children.length < 2),
  );
  return again ? normalizeChildren(parent, out) : out;
}

/** True when both trees have the same shape: orientation at each node, kind and count of links, order. */
export function sameShape(a: SplitChild, b: SplitChild): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'session' || b.kind === 'session') return true;
  if (a.vertical !== b.vertical || a.children.length !== b.children.length) return false;
  return a.children.every((child, i) => sameShape(child, b.children[i]!));
}

/** Size in cells of a (sub)tree given each pane's size. */
export function treeSize(tree: SplitChild, sizes: ReadonlyMap<string, GridSize>): GridSize {
  if (tree.kind === 'session') return sizes.get(tree.sessionId) ?? { cols: 0, rows: 0 };
  const parts = tree.children.map((c) => treeSize(c, sizes));
  const gaps = DIVIDER_CELLS * (parts.length - 1);
  return tree.vertical
    ? { cols: parts.reduce((s, p) => s + p.cols, 0) + gaps, rows: Math.max(0, ...parts.map((p) => p.rows)) }
    : { cols: Math.max(0, ...parts.map((p) => p.cols)), rows: parts.reduce((s, p) => s + p.rows, 0) + gaps };
}

/** Gives every pane an even share of `size` (iTerm2 does this for apply_layout's new panes). */
export function distribute(
  tree: SplitChild,
  size: GridSize,
  out: Map<string, GridSize> = new Map(),
): Map<string, GridSize> {
  if (tree.kind === 'session') {
    out.set(tree.sessionId, { cols: Math.max(1, size.cols), rows: Math.max(1, size.rows) });
    return out;
  }
  const n = tree.children.length;
  const total = (tree.vertical ? size.cols : size.rows) - DIVIDER_CELLS * (n - 1);
  const base = Math.floor(total / n);
  let extra = total - base * n;
  for (const child of tree.children) {
    const share = base + (extra-- > 0 ? 1 : 0);
    distribute(
      child,
      tree.vertical ? { cols: share, rows: size.rows } : { cols: size.cols, rows: share },
      out,
    );
  }
  return out;
}

/** Smallest size a tree can be squeezed into while every pane keeps the minimum grid. */
export function minimumSize(tree: SplitChild): GridSize {
  if (tree.kind === 'session') return { cols: MIN_PANE_COLS, rows: MIN_PANE_ROWS };
  const parts = tree.children.map(minimumSize);
  const gaps = DIVIDER_CELLS * (parts.length - 1);
  return tree.vertical
    ? { cols: parts.reduce((s, p) => s + p.cols, 0) + gaps, rows: Math.max(...parts.map((p) => p.rows)) }
    : { cols: Math.max(...parts.map((p) => p.cols)), rows: parts.reduce((s, p) => s + p.rows, 0) + gaps };
}

export function cloneTree<T extends SplitChild>(tree: T): T {
  if (tree.kind === 'session') return { ...tree };
  return { kind: 'node', vertical: tree.vertical, children: tree.children.map(cloneTree) } as SplitNode as T;
}

export interface PaneRect {
  x: number;
  y: number;
  cols: number;
  rows: number;
}

/** Each pane's rectangle in cells (dividers included between siblings), from the panes' sizes. */
export function paneRects(
  tree: SplitChild,
  sizes: ReadonlyMap<string, GridSize>,
  x = 0,
  y = 0,
  out = new Map<string, PaneRect>(),
): Map<string, PaneRect> {
  if (tree.kind === 'session') {
    const size = sizes.get(tree.sessionId) ?? { cols: 0, rows: 0 };
    out.set(tree.sessionId, { x, y, cols: size.cols, rows: size.rows });
    return out;
  }
  let offset = 0;
  for (const child of tree.children) {
    paneRects(child, sizes, tree.vertical ? x + offset : x, tree.vertical ? y : y + offset, out);
    const size = treeSize(child, sizes);
    offset += (tree.vertical ? size.cols : size.rows) + DIVIDER_CELLS;
  }
  return out;
}

/** The neighbouring pane in a direction: adjacent on that side, overlapping most along the other axis. */
export function paneInDirection(
  rects: ReadonlyMap<string, PaneRect>,
  from: string,
  direction: 'left' | 'right' | 'above' | 'below',
): string | undefined {
  const a = rects.get(from);
  if (!a) return undefined;
  const overlap = (s1: number, l1: number, s2: number, l2: number) =>
    Math.max(0, Math.min(s1 + l1, s2 + l2) - Math.max(s1, s2));
  let best: { id: string; score: number; gap: number } | undefined;
  for (const [id, b] of rects) {
    if (id === from) continue;
    const horizontal = direction === 'left' || direction === 'right';
    const gap =
      direction === 'left'
        ? a.x - (b.x + b.cols)
        : direction === 'right'
          ? b.x - (a.x + a.cols)
          : direction === 'above'
            ? a.y - (b.y + b.rows)
            : b.y - (a.y + a.rows);
    if (gap < 0) continue;
    const score = horizontal ? overlap(a.y, a.rows, b.y, b.rows) : overlap(a.x, a.cols, b.x, b.cols);
    if (score === 0) continue;
    if (!best || gap < best.gap || (gap === best.gap && score > best.score)) best = { id, score, gap };
  }
  return best?.id;
}
