import type { BackendLayout, SplitNode } from '../ports/terminal-backend';

/** Pane ids of a tree, left-to-right / top-to-bottom. */
export function panesOf(node: SplitNode): string[] {
  return node.kind === 'pane' ? [node.paneId] : node.children.flatMap(panesOf);
}

export function layoutPanes(layout: BackendLayout): string[] {
  return layout.windows.flatMap((w) => w.tabs.flatMap((t) => panesOf(t.root)));
}

/**
 * Puts a tree in iTerm2's canonical form: a splitter with one child becomes that child, and a splitter
 * directly inside one of the same orientation is merged into it.
 */
export function normalize(node: SplitNode): SplitNode {
  if (node.kind === 'pane') return node;
  const children = node.children
    .map(normalize)
    .flatMap((child) =>
      child.kind === 'split' && child.vertical === node.vertical ? child.children : [child],
    );
  if (children.length === 1) return children[0]!;
  return { kind: 'split', vertical: node.vertical, children };
}

/** Reasons a tree breaks iTerm2's rules; empty when it is valid. */
export function treeViolations(node: SplitNode, parentVertical?: boolean): string[] {
  if (node.kind === 'pane') return node.paneId ? [] : ['a pane without an id'];
  const problems: string[] = [];
  if (node.children.length < 2) problems.push('a splitter with fewer than two children');
  if (parentVertical === node.vertical)
    problems.push('a splitter nested directly in one of the same orientation');
  for (const child of node.children) problems.push(...treeViolations(child, node.vertical));
  return problems;
}

/** Splits `target` to add `paneId` beside it (after it unless `before`). */
export function insertSplit(
  root: SplitNode,
  target: string,
  paneId: string,
  vertical: boolean,
  before = false,
): SplitNode {
  const leaf: SplitNode = { kind: 'pane', paneId };
  const visit = (node: SplitNode): SplitNode => {
    if (node.kind === 'pane') {
      if (node.paneId !== target) return node;
      return { kind: 'split', vertical, children: before ? [leaf, node] : [node, leaf] };
    }
    const index = node.children.findIndex((c) => c.kind === 'pane' && c.paneId === target);
    if (index >= 0 && node.vertical === vertical) {
      const children = [...node.children];
      children.splice(before ? index : index + 1, 0, leaf);
      return { ...node, children };
    }
    return { ...node, children: node.children.map(visit) };
  };
  return normalize(visit(root));
}

/** The tree without `paneId`, or `undefined` when nothing is left. */
export function removePane(root: SplitNode, paneId: string): SplitNode | undefined {
  if (root.kind === 'pane') return root.paneId === paneId ? undefined : root;
  const children = root.children
    .map((c) => removePane(c, paneId))
    .filter((c): c is SplitNode => c !== undefined);
  if (children.length === 0) return undefined;
  return normalize({ ...root, children });
}
