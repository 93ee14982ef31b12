import type { FleetLayout, LayoutNode } from '@switchboard/protocol';
import type { BackendLayout, SplitNode, TabLayout, WindowLayout } from '../ports/terminal-backend';
import { agentsOf as agentIds } from './pane-arrangements';
import { normalize, panesOf, removePane } from './split-tree';

/** The engine's tree with agent ids replaced by their pane ids. */
export function toSplitNode(node: LayoutNode, paneOf: ReadonlyMap<string, string>): SplitNode {
  if (node.kind === 'agent') {
    const paneId = paneOf.get(node.agentId);
    if (paneId === undefined) throw new Error(`agent ${node.agentId} has no pane`);
    return { kind: 'pane', paneId };
  }
  return normalize({
    kind: 'split',
    vertical: node.vertical,
    children: node.children.map((c) => toSplitNode(c, paneOf)),
  });
}

interface Candidate {
  desired: number;
  current: number;
  sameKey: boolean;
  score: number;
}

/**
 * Pairs desired with current items: first those that had the same key last time, then by overlap,
 * largest first; each side used once; zero overlap never pairs.
 */
function matchByOverlap(
  desired: readonly { key: string; panes: Set<string> }[],
  current: readonly { key: string | undefined; panes: Set<string> }[],
  allowed: (c: number) => boolean,
): Map<number, number> {
  const candidates: Candidate[] = [];
  desired.forEach((want, d) =>
    current.forEach((have, c) => {
      if (!allowed(c)) return;
      let score = 0;
      for (const id of want.panes) if (have.panes.has(id)) score++;
      if (score > 0) candidates.push({ desired: d, current: c, sameKey: have.key === want.key, score });
    }),
  );
  candidates.sort(
    (a, b) =>
      Number(b.sameKey) - Number(a.sameKey) ||
      b.score - a.score ||
      a.desired - b.desired ||
      a.current - b.current,
  );
  const pairs = new Map<number, number>();
  const used = new Set<number>();
  for (const { desired: d, current: c } of candidates) {
    if (pairs.has(d) || used.has(c)) continue;
    pairs.set(d, c);
    used.add(c);
  }
  return pairs;
}

/** The key of the item in `previous` sharing the most panes with `panes` (what this window or tab was for). */
function previousKey(
  panes: Set<string>,
  previous: readonly { key: string; panes: Set<string> }[],
): string | undefined {
  let best: { key: string; score: number } | undefined;
  for (const item of previous) {
    let score = 0;
    for (const id of item.panes) if (panes.has(id)) score++;
    if (score > 0 && (!best || score > best.score)) best = { key: item.key, score };
  }
  return best?.key;
}

/**
 * Turns the engine's layout into a complete backend layout that reuses the current windows and tabs
 * wherever they already hold most of the same panes, so only panes that must move do. Panes the
 * fleet does not manage stay in their tabs; a tab holding any of them is never reused for fleet panes.
 * Tabs never change windows (iTerm2 cannot do that in one apply); a tab left empty disappears.
 * `previous`, the engine's layout before the change, breaks ties so a window or tab stays with the
 * team it was for (moving one of two agents out must not move the other).
 */
export function planLayout(
  current: BackendLayout,
  desired: FleetLayout,
  paneOf: ReadonlyMap<string, string>,
  previous?: FleetLayout,
): BackendLayout {
  const managed = new Set(paneOf.values());
  const panesOfLayoutNode = (root: LayoutNode) =>
    new Set(agentIds(root).flatMap((id) => (paneOf.has(id) ? [paneOf.get(id)!] : [])));
  const previousWindows = (previous?.windows ?? []).map((w) => ({
    key: w.key,
    panes: new Set(w.tabs.flatMap((t) => [...panesOfLayoutNode(t.root)])),
  }));
  const previousTabs = (previous?.windows ?? []).flatMap((w) =>
    w.tabs.map((t) => ({ key: t.key, panes: panesOfLayoutNode(t.root) })),
  );
  const desiredWindows = desired.windows.map((w) => ({
    key: w.key,
    tabs: w.tabs.map((t) => ({ key: t.key, root: toSplitNode(t.root, paneOf) })),
  }));
  const currentWindows = current.windows.map((w) => {
    const panes = new Set(w.tabs.flatMap((t) => panesOf(t.root)));
    return { key: previousKey(panes, previousWindows), panes };
  });
  const windowPairs = matchByOverlap(
    desiredWindows.map((w) => ({ key: w.key, panes: new Set(w.tabs.flatMap((t) => panesOf(t.root))) })),
    currentWindows,
    (c) => current.windows[c]!.windowId !== undefined,
  );

  /** Tabs with panes the fleet does not manage keep those panes (and only those). */
  const foreignTabs = (window: WindowLayout): TabLayout[] =>
    window.tabs.flatMap((tab) => {
      const panes = panesOf(tab.root);
      if (panes.every((p) => managed.has(p))) return [];
      let root: SplitNode | undefined = tab.root;
      for (const p of panes) if (managed.has(p) && root) root = removePane(root, p);
      return root ? [{ ...(tab.tabId === undefined ? {} : { tabId: tab.tabId }), root }] : [];
    });

  const windows: WindowLayout[] = desiredWindows.map((want, d) => {
    const c = windowPairs.get(d);
    const have = c === undefined ? undefined : current.windows[c]!;
    const tabs: TabLayout[] = want.tabs.map((t) => ({ root: t.root }));
    if (have) {
      const haveTabs = have.tabs.map((t) => {
        const panes = new Set(panesOf(t.root));
        return { key: previousKey(panes, previousTabs), panes };
      });
      const reusable = (i: number) =>
        have.tabs[i]!.tabId !== undefined && [...haveTabs[i]!.panes].every((p) => managed.has(p));
      const tabPairs = matchByOverlap(
        want.tabs.map((t) => ({ key: t.key, panes: new Set(panesOf(t.root)) })),
        haveTabs,
        reusable,
      );
      for (const [dt, ct] of tabPairs) tabs[dt] = { tabId: have.tabs[ct]!.tabId!, root: tabs[dt]!.root };
      tabs.push(...foreignTabs(have));
    }
    return { ...(have?.windowId === undefined ? {} : { windowId: have.windowId }), tabs };
  });
  const pairedCurrent = new Set(windowPairs.values());
  current.windows.forEach((window, c) => {
    if (pairedCurrent.has(c)) return;
    const tabs = foreignTabs(window);
    if (tabs.length > 0)
      windows.push({ ...(window.windowId === undefined ? {} : { windowId: window.windowId }), tabs });
  });
  return { windows };
}

/** Where each pane sits: `windowId/tabId`, for counting what a plan moves. */
export function paneLocations(layout: BackendLayout): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of layout.windows)
    for (const t of w.tabs)
      for (const p of panesOf(t.root)) out.set(p, `${w.windowId ?? '?'}/${t.tabId ?? '?'}`);
  return out;
}
