import { normalize, type BackendLayout, type SplitNode } from '@switchboard/core';
import type { ListSessionsResponse, SplitTreeNode } from './gen/api_pb';
import type { ApplyLayoutNode } from './client/invocation';

/** iTerm2's split tree as core's: one-pane roots become a leaf, splitters keep their orientation. */
export function fromSplitTree(node: SplitTreeNode): SplitNode {
  const children = node.links.flatMap((link): SplitNode[] => {
    if (link.child.case === 'session') return [{ kind: 'pane', paneId: link.child.value.uniqueIdentifier }];
    if (link.child.case === 'node') return [fromSplitTree(link.child.value)];
    return [];
  });
  return normalize({ kind: 'split', vertical: node.vertical, children });
}

/** Windows → tabs → trees of a ListSessions answer (tmux-free, buried sessions left out). */
export function layoutOf(list: ListSessionsResponse): BackendLayout {
  return {
    windows: list.windows.map((window) => ({
      windowId: window.windowId,
      tabs: window.tabs
        .filter((tab) => tab.root)
        .map((tab) => ({ tabId: tab.tabId, root: fromSplitTree(tab.root!) })),
    })),
  };
}

/** Core's tree as an `apply_layout` node. */
export function toApplyLayoutNode(node: SplitNode): ApplyLayoutNode {
  if (node.kind === 'pane') return { session_id: node.paneId };
  return { vertical: node.vertical, children: node.children.map(toApplyLayoutNode) };
}

export const firstPane = (node: SplitNode): string =>
  node.kind === 'pane' ? node.paneId : firstPane(node.children[0]!);

/** Same windows, tabs (by id where the target names one) and trees. */
export function sameLayout(current: BackendLayout, target: BackendLayout): boolean {
  if (current.windows.length !== target.windows.length) return false;
  return target.windows.every((window, w) => {
    const have = current.windows[w]!;
    if (window.windowId !== undefined && window.windowId !== have.windowId) return false;
    if (window.tabs.length !== have.tabs.length) return false;
    return window.tabs.every((tab, t) => {
      const haveTab = have.tabs[t]!;
      if (tab.tabId !== undefined && tab.tabId !== haveTab.tabId) return false;
      return JSON.stringify(normalize(tab.root)) === JSON.stringify(haveTab.root);
    });
  });
}
