import { randomUUID } from 'node:crypto';
import type { SimTab, SimWindow } from './model-types';
import type { SimFocus } from './sim-focus';
import { containsSession, removeSession, sessionIdsOf, type GridSize } from './split-tree';

/** The window and tab holding a session; undefined for buried or unknown sessions. */
export function locateSession(
  windows: readonly SimWindow[],
  sessionId: string,
): { window: SimWindow; tab: SimTab } | undefined {
  for (const window of windows) {
    for (const tab of window.tabs) if (containsSession(tab.root, sessionId)) return { window, tab };
  }
  return undefined;
}

/** iTerm2's `wNtNpN` location of a session (window, tab and pane index). */
export function locationOf(windows: readonly SimWindow[], sessionId: string): string {
  const where = locateSession(windows, sessionId);
  if (!where) return 'w0t0p0';
  return `w${windows.indexOf(where.window)}t${where.window.tabs.indexOf(where.tab)}p${sessionIdsOf(where.tab.root).indexOf(sessionId)}`;
}

/** A window (frontmost, not yet key) holding `tab`, numbered with the lowest free number, added to `windows`. */
export function addWindow(windows: SimWindow[], tab: SimTab, size: GridSize): SimWindow {
  let number = 0;
  while (windows.some((w) => w.number === number)) number++;
  const window: SimWindow = {
    id: `pty-${randomUUID().toUpperCase()}`,
    number,
    tabs: [tab],
    selectedTabId: tab.id,
    cols: size.cols,
    rows: size.rows,
    fullscreen: false,
    title: undefined,
    userVariables: new Map(),
  };
  windows.push(window);
  return window;
}

/**
 * Takes a session out of its tab (without ending it), collapsing the tree, dropping an emptied
 * tab and window, and moving focus as iTerm2 does.
 */
export function detachSession(
  windows: SimWindow[],
  focus: SimFocus,
  sessionId: string,
  relayout: (window: SimWindow, tab: SimTab) => void,
): void {
  const where = locateSession(windows, sessionId);
  if (!where) return;
  const { window, tab } = where;
  removeSession(tab.root, sessionId);
  if (sessionIdsOf(tab.root).length > 0) {
    relayout(window, tab);
    if (tab.activeSessionId === sessionId) focus.setActiveSession(window, tab, sessionIdsOf(tab.root)[0]!);
    return;
  }
  const index = window.tabs.indexOf(tab);
  window.tabs.splice(index, 1);
  if (window.tabs.length > 0) {
    if (window.selectedTabId === tab.id)
      focus.selectTab(window, window.tabs[Math.min(index, window.tabs.length - 1)]!, false);
    return;
  }
  windows.splice(windows.indexOf(window), 1);
  focus.windowClosed(window);
}

/** Places listed tabs at indexes 0..n-1 of their window, moving them between windows; emptied windows close. */
export function reorderTabs(
  windows: SimWindow[],
  focus: SimFocus,
  assignments: { window: SimWindow; tabs: SimTab[] }[],
  relayout: (window: SimWindow, tab: SimTab) => void,
): void {
  for (const { window, tabs } of assignments) {
    for (const tab of tabs) {
      const from = windows.find((w) => w.tabs.includes(tab))!;
      from.tabs.splice(from.tabs.indexOf(tab), 1);
      if (from !== window && from.selectedTabId === tab.id && from.tabs[0])
        from.selectedTabId = from.tabs[0].id;
    }
    const rest = window.tabs.filter((t) => !tabs.includes(t));
    window.tabs = [...tabs, ...rest];
    for (const tab of tabs) relayout(window, tab);
    if (!window.tabs.some((t) => t.id === window.selectedTabId) && window.tabs[0])
      window.selectedTabId = window.tabs[0].id;
  }
  for (const window of [...windows]) {
    if (window.tabs.length === 0) {
      windows.splice(windows.indexOf(window), 1);
      if (focus.keyWindowId === window.id) focus.keyWindowId = windows[windows.length - 1]?.id;
    }
  }
}
