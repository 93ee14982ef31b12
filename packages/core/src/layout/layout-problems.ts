import { layoutPanes, treeViolations } from './split-tree';
import type { BackendLayout } from '../ports/terminal-backend';

/**
 * Why `target` cannot be applied over `current`, the checks every backend makes before anything
 * moves: each existing pane exactly once and no other, windows and tabs named only by ids that exist
 * (backends make new ones), no empty window, and iTerm2's split-tree rules. Empty when it can be applied.
 */
export function layoutProblems(target: BackendLayout, current: BackendLayout): string[] {
  const wanted = layoutPanes(target);
  const have = layoutPanes(current);
  const windowIds = new Set(current.windows.map((w) => w.windowId));
  const tabIds = new Set(current.windows.flatMap((w) => w.tabs.map((t) => t.tabId)));
  return [
    ...wanted.filter((p) => !have.includes(p)).map((p) => `unknown pane ${p}`),
    ...wanted.filter((p, i) => wanted.indexOf(p) !== i).map((p) => `pane ${p} appears twice`),
    ...have.filter((p) => !wanted.includes(p)).map((p) => `pane ${p} is missing`),
    ...target.windows
      .filter((w) => w.windowId !== undefined && !windowIds.has(w.windowId))
      .map((w) => `unknown window ${w.windowId}`),
    ...target.windows
      .flatMap((w) => w.tabs)
      .filter((t) => t.tabId !== undefined && !tabIds.has(t.tabId))
      .map((t) => `unknown tab ${t.tabId}`),
    ...target.windows.filter((w) => w.tabs.length === 0).map(() => 'a window without tabs'),
    ...target.windows.flatMap((w) => w.tabs.flatMap((t) => treeViolations(t.root))),
  ];
}
