import { panesOf, type BackendLayout, type SplitNode } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/protocol';
import type { ITerm2Api } from './client/operations';
import { firstPane, layoutOf, toApplyLayoutNode } from './layout-tree';

/**
 * Moves live sessions into a target layout: with apply_layout (1.14) in one request, or on older
 * servers with move_session (1.11) one split at a time. `placeholderMade` hears of each session made
 * only to hold a new tab (it is closed afterwards; its end is no pane's).
 */
export class LayoutMover {
  constructor(
    private readonly api: ITerm2Api,
    private readonly placeholderMade: (sessionId: string) => void,
  ) {}

  /**
   * Tabs and windows the target names without an id are made first (a placeholder session each,
   * closed afterwards), because apply_layout reshapes existing tabs only.
   */
  private async makeMissingTabs(
    target: BackendLayout,
  ): Promise<{ tabIds: string[][]; windowIds: string[]; placeholders: string[] }> {
    const placeholders: string[] = [];
    const windowIds: string[] = [];
    const tabIds: string[][] = [];
    for (const window of target.windows) {
      let windowId = window.windowId;
      const ids: string[] = [];
      for (const tab of window.tabs) {
        if (tab.tabId !== undefined) {
          ids.push(tab.tabId);
          continue;
        }
        const created = await this.api.createTab({ ...(windowId ? { windowId } : {}), selectTab: false });
        this.placeholderMade(created.sessionId);
        placeholders.push(created.sessionId);
        windowId = created.windowId;
        ids.push(created.tabId);
      }
      windowIds.push(windowId ?? '');
      tabIds.push(ids);
    }
    return { tabIds, windowIds, placeholders };
  }

  async withApplyLayout(target: BackendLayout, current: BackendLayout): Promise<void> {
    const { tabIds, windowIds, placeholders } = await this.makeMissingTabs(target);
    const listed = new Set(tabIds.flat());
    const spec = {
      tabs: target.windows.flatMap((w, wi) =>
        w.tabs.map((t, ti) => ({ tab_id: tabIds[wi]![ti]!, root: toApplyLayoutNode(t.root) })),
      ),
      close_sessions: placeholders,
      close_tabs: current.windows.flatMap((w) => w.tabs.map((t) => t.tabId!)).filter((id) => !listed.has(id)),
    };
    try {
      await this.api.applyLayout(spec);
    } catch (error) {
      // Swallowed on purpose: best effort to close the placeholders before the original error is thrown.
      if (placeholders.length) await this.api.close({ sessions: placeholders }).catch(() => undefined);
      throw error;
    }
    await this.placeTabs(windowIds, tabIds);
  }

  /** Older servers: build each tab with move_session (1.11), first leaves first, then inside out. */
  async withMoves(target: BackendLayout, current: BackendLayout): Promise<void> {
    const { tabIds, windowIds, placeholders } = await this.makeMissingTabs(target);
    const members = new Map(
      current.windows.flatMap((w) => w.tabs.map((t) => [t.tabId!, panesOf(t.root)] as const)),
    );
    for (const [wi, window] of target.windows.entries()) {
      for (const [ti, tab] of window.tabs.entries()) {
        const tabId = tabIds[wi]![ti]!;
        const root = tab.root;
        const anchor = firstPane(root);
        const inTab = layoutOf(await this.api.listSessions())
          .windows.flatMap((w) => w.tabs)
          .find((t) => t.tabId === tabId);
        const residents = inTab ? panesOf(inTab.root) : (members.get(tabId) ?? []);
        const placeholder = placeholders.find((p) => residents.includes(p));
        if (!residents.includes(anchor)) {
          const destination = placeholder ?? residents.find((p) => p !== anchor);
          if (!destination)
            throw new SwitchboardError('internal', `Tab ${tabId} has no session to move ${anchor} next to`);
          await this.api.moveSession(anchor, destination, true, false);
        }
        await this.buildByMoves(root);
      }
    }
    if (placeholders.length) await this.api.close({ sessions: placeholders });
    await this.placeTabs(windowIds, tabIds);
    const result = layoutOf(await this.api.listSessions());
    const expected = target.windows.map((w) => w.tabs.map((t) => JSON.stringify(t.root)));
    const got = result.windows.map((w) => w.tabs.map((t) => JSON.stringify(t.root)));
    if (JSON.stringify(expected) !== JSON.stringify(got)) {
      throw new SwitchboardError(
        'internal',
        'iTerm2 did not reach the requested layout with move_session; the panes were moved but the shape differs',
      );
    }
  }

  private async buildByMoves(node: SplitNode): Promise<void> {
    if (node.kind === 'pane') return;
    const firsts = node.children.map(firstPane);
    for (let i = 1; i < firsts.length; i++)
      await this.api.moveSession(firsts[i]!, firsts[i - 1]!, node.vertical, false);
    for (const child of node.children) await this.buildByMoves(child);
  }

  /** Puts tabs in the target's windows and order (reorder_tabs moves tabs between windows too). */
  private async placeTabs(windowIds: string[], tabIds: string[][]): Promise<void> {
    const current = layoutOf(await this.api.listSessions());
    const byTab = new Map(
      current.windows.flatMap((w) => w.tabs.map((t) => [t.tabId!, w.windowId!] as const)),
    );
    const assignments = tabIds.map((ids, i) => ({
      windowId: windowIds[i] || byTab.get(ids[0]!) || '',
      tabIds: ids,
    }));
    const inPlace = assignments.every((a) => {
      const window = current.windows.find((w) => w.windowId === a.windowId);
      return (
        window !== undefined && JSON.stringify(window.tabs.map((t) => t.tabId)) === JSON.stringify(a.tabIds)
      );
    });
    if (!inPlace) await this.api.reorderTabs(assignments);
  }
}
