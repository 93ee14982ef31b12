import type { LayoutNode } from '@switchboard/protocol';

/** Puts a tree in iTerm2's canonical form: no one-child splitters, no same-orientation nesting. */
export function normalizeLayout(node: LayoutNode): LayoutNode {
  if (node.kind === 'agent') return node;
  const children = node.children
    .map(normalizeLayout)
    .flatMap((child) =>
      child.kind === 'split' && child.vertical === node.vertical ? child.children : [child],
    );
  if (children.length === 1) return children[0]!;
  return { kind: 'split', vertical: node.vertical, children };
}

const leaf = (agentId: string): LayoutNode => ({ kind: 'agent', agentId });
const split = (vertical: boolean, children: LayoutNode[]): LayoutNode =>
  normalizeLayout({ kind: 'split', vertical, children });

/** Rows of `ceil(sqrt(n))` columns, stacked; the last row may be shorter. */
export function grid(ids: readonly string[]): LayoutNode {
  const columns = Math.ceil(Math.sqrt(ids.length));
  const rows: LayoutNode[] = [];
  for (let i = 0; i < ids.length; i += columns) rows.push(split(true, ids.slice(i, i + columns).map(leaf)));
  return split(false, rows);
}

/** All stacked top to bottom (horizontal dividers). */
export const stacked = (ids: readonly string[]): LayoutNode => split(false, ids.map(leaf));

/** All side by side (vertical dividers). */
export const sideBySide = (ids: readonly string[]): LayoutNode => split(true, ids.map(leaf));

/** The first pane full height on the left, the others stacked on the right. */
export function mainLeft(ids: readonly string[]): LayoutNode {
  const [first, ...rest] = ids;
  return rest.length === 0 ? leaf(first!) : split(true, [leaf(first!), stacked(rest)]);
}

/** The first pane full width on top, the others side by side below. */
export function mainTop(ids: readonly string[]): LayoutNode {
  const [first, ...rest] = ids;
  return rest.length === 0 ? leaf(first!) : split(false, [leaf(first!), sideBySide(rest)]);
}

/** Splits `ids` into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Agent ids of a tree, left-to-right / top-to-bottom. */
export function agentsOf(node: LayoutNode): string[] {
  return node.kind === 'agent' ? [node.agentId] : node.children.flatMap(agentsOf);
}
