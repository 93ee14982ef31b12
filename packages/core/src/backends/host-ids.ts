import { SwitchboardError } from '@switchboard/protocol';
import { panesOf } from '../layout/split-tree';
import type { BackendEvent, BackendLayout, PaneInfo, SplitNode } from '../ports/terminal-backend';

/**
 * Ids across machines: a remote backend's pane, tab and window ids are `HOST/<its id>` (a host name
 * never holds `/`); the local backend's ids pass through unchanged.
 */
export interface HostId {
  host: string | undefined;
  id: string;
}

export function splitHostId(qualified: string): HostId {
  const slash = qualified.indexOf('/');
  return slash < 0
    ? { host: undefined, id: qualified }
    : { host: qualified.slice(0, slash), id: qualified.slice(slash + 1) };
}

export const qualify = (host: string | undefined, id: string) => (host === undefined ? id : `${host}/${id}`);

export function qualifyPane(host: string | undefined, pane: PaneInfo): PaneInfo {
  return {
    ...pane,
    id: qualify(host, pane.id),
    windowId: qualify(host, pane.windowId),
    tabId: qualify(host, pane.tabId),
  };
}

/** A tree with every pane id mapped (`undefined`: the pane is dropped), splitters of one child collapsed. */
export function mapTree(node: SplitNode, map: (paneId: string) => string | undefined): SplitNode | undefined {
  if (node.kind === 'pane') {
    const paneId = map(node.paneId);
    return paneId === undefined ? undefined : { kind: 'pane', paneId };
  }
  const children: SplitNode[] = [];
  for (const child of node.children) {
    const mapped = mapTree(child, map);
    if (!mapped) continue;
    // iTerm2's rule: a splitter never holds a splitter of its own orientation directly.
    if (mapped.kind === 'split' && mapped.vertical === node.vertical) children.push(...mapped.children);
    else children.push(mapped);
  }
  if (children.length === 0) return undefined;
  return children.length === 1 ? children[0] : { kind: 'split', vertical: node.vertical, children };
}

export function qualifyLayout(host: string | undefined, layout: BackendLayout): BackendLayout {
  return {
    windows: layout.windows.map((window) => ({
      ...(window.windowId === undefined ? {} : { windowId: qualify(host, window.windowId) }),
      tabs: window.tabs.map((tab) => ({
        ...(tab.tabId === undefined ? {} : { tabId: qualify(host, tab.tabId) }),
        root: mapTree(tab.root, (paneId) => qualify(host, paneId))!,
      })),
    })),
  };
}

/**
 * The part of a cross-host layout that lies on `host`, in that backend's own ids: each tab keeps only the
 * host's panes (a tab never spans machines, a team may), windows and tabs left empty are dropped, and a
 * window or tab id is kept only where it belongs to that host.
 */
export function projectLayout(layout: BackendLayout, host: string | undefined): BackendLayout {
  const own = (qualified: string | undefined) => {
    if (qualified === undefined) return undefined;
    const parts = splitHostId(qualified);
    return parts.host === host ? parts.id : undefined;
  };
  const windows: BackendLayout['windows'] = [];
  for (const window of layout.windows) {
    const tabs = [];
    for (const tab of window.tabs) {
      const root = mapTree(tab.root, own);
      if (!root) continue;
      const tabId = own(tab.tabId);
      tabs.push(tabId === undefined ? { root } : { tabId, root });
    }
    if (tabs.length === 0) continue;
    const windowId = own(window.windowId);
    windows.push(windowId === undefined ? { tabs } : { windowId, tabs });
  }
  return { windows };
}

/** A remote backend's event in qualified ids. */
export function qualifyEvent(host: string, event: BackendEvent): BackendEvent {
  if (event.type === 'pane.created') return { ...event, pane: qualifyPane(host, event.pane) };
  if ('paneId' in event) return { ...event, paneId: qualify(host, event.paneId) };
  return event;
}

/**
 * The machines a layout's panes are on; refuses (`invalid_input`, nothing applied) a window or tab id of a
 * machine none of its panes is on (a tab never spans machines, so such an id cannot be honoured).
 */
export function hostsOfLayout(layout: BackendLayout): Set<string | undefined> {
  const all = new Set<string | undefined>();
  const hostOf = (paneId: string) => splitHostId(paneId).host;
  const check = (id: string | undefined, hosts: Set<string | undefined>, what: string) => {
    if (id !== undefined && !hosts.has(splitHostId(id).host))
      throw new SwitchboardError('invalid_input', `${what} "${id}" is not on the machine of its panes`);
  };
  for (const window of layout.windows) {
    const windowHosts = new Set<string | undefined>();
    for (const tab of window.tabs) {
      const tabHosts = new Set(panesOf(tab.root).map(hostOf));
      check(tab.tabId, tabHosts, 'Tab');
      for (const host of tabHosts) windowHosts.add(host);
    }
    check(window.windowId, windowHosts, 'Window');
    for (const host of windowHosts) all.add(host);
  }
  return all;
}

/** For a backend of one machine: a spec naming a remote host is refused (only the routing backend reaches hosts). */
export function refuseRemoteSpec(spec: { host?: string | undefined }, backendName: string): void {
  if (spec.host !== undefined)
    throw new SwitchboardError(
      'invalid_input',
      `The ${backendName} backend runs panes on this machine only; host "${spec.host}" needs the routing backend`,
    );
}
