import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  FocusChangedNotification_Window_WindowStatus,
  FocusChangedNotificationSchema,
  FocusChangedNotification_WindowSchema,
  ListSessionsResponseSchema,
  SessionSummarySchema,
  SplitTreeNodeSchema,
  VariableScope,
  type FocusChangedNotification,
  type ListSessionsResponse,
  type SessionSummary,
  type SplitTreeNode,
} from '../gen/api_pb';
import { defaultProfiles, type JsonValue, type ProfileDict } from './profiles';
import type { PromptEvent } from './prompts';
import { SimSession, type SessionSink, type ShellConfig } from './session';
import {
  DIVIDER_CELLS,
  distribute,
  leaf,
  MIN_PANE_COLS,
  MIN_PANE_ROWS,
  node,
  normalizeRoot,
  removeSession,
  sessionIdsOf,
  splitPane,
  treeSize,
  type GridSize,
  type SplitChild,
  type SplitNode,
} from './split-tree';

/** What the model reports; the notifier turns these into per-connection notifications. */
export interface ModelObserver {
  sessionCreated(sessionId: string): void;
  sessionTerminated(sessionId: string): void;
  layoutChanged(): void;
  focusChanged(events: FocusChangedNotification[]): void;
  screenChanged(sessionId: string): void;
  customEscape(sessionId: string, identity: string | undefined, payload: string): void;
  variableChanged(scope: VariableScope, identifier: string, name: string, jsonValue: string): void;
  prompt(sessionId: string, event: PromptEvent): void;
}

export interface SimTab {
  readonly id: string;
  root: SplitNode;
  activeSessionId: string;
  title: string | undefined;
  readonly userVariables: Map<string, JsonValue>;
}

export interface SimWindow {
  readonly id: string;
  readonly number: number;
  tabs: SimTab[];
  selectedTabId: string;
  cols: number;
  rows: number;
  fullscreen: boolean;
  title: string | undefined;
  readonly userVariables: Map<string, JsonValue>;
  /** Set by SetProperty `frame`; otherwise windows cascade by number. */
  frameOrigin?: { x: number; y: number };
}

export interface NewSessionOptions {
  profile?: ProfileDict;
  overrides?: ProfileDict;
}

/** Points per cell and margins used to report frames (a Menlo 12-ish grid). */
const CELL_WIDTH = 7;
const CELL_HEIGHT = 15;
const SIDE_MARGIN = 5;
const TOP_MARGIN = 2;
const TITLE_BAR = 28;

const { BECAME_KEY, RESIGNED_KEY } = {
  BECAME_KEY: FocusChangedNotification_Window_WindowStatus.TERMINAL_WINDOW_BECAME_KEY,
  RESIGNED_KEY: FocusChangedNotification_Window_WindowStatus.TERMINAL_WINDOW_RESIGNED_KEY,
};

const focus = (event: FocusChangedNotification['event']): FocusChangedNotification => create(FocusChangedNotificationSchema, { event });

/**
 * The app: windows in order, their tabs in tab-bar order, each tab's split tree of sessions,
 * buried sessions, and focus. One instance per server; nothing global.
 */
export class AppModel {
  readonly windows: SimWindow[] = [];
  readonly sessions = new Map<string, SimSession>();
  readonly buried: SimSession[] = [];
  readonly profiles: ProfileDict[] = defaultProfiles();
  readonly appVariables = new Map<string, JsonValue>();
  keyWindowId: string | undefined;
  applicationActive = true;
  private nextTabId = 1;
  private readonly sink: SessionSink;

  constructor(private readonly observer: ModelObserver, private readonly shell: ShellConfig) {
    this.sink = {
      screenChanged: (s) => observer.screenChanged(s.id),
      customEscape: (s, identity, payload) => observer.customEscape(s.id, identity, payload),
      variableChanged: (s, name, json) => observer.variableChanged(VariableScope.SESSION, s.id, name, json),
      prompt: (s, event) => observer.prompt(s.id, event),
      processExited: (s) => this.onProcessExited(s),
    };
  }

  // ---- lookup -------------------------------------------------------------------------------

  profileNamed(name: string | undefined): ProfileDict | undefined {
    if (name === undefined || name === '') return this.profiles[0];
    return this.profiles.find((p) => p['Name'] === name);
  }

  profileByGuid(guid: string): ProfileDict | undefined {
    return this.profiles.find((p) => p['Guid'] === guid);
  }

  window(id: string): SimWindow | undefined {
    return this.windows.find((w) => w.id === id);
  }

  tab(id: string): { window: SimWindow; tab: SimTab } | undefined {
    for (const window of this.windows) {
      const tab = window.tabs.find((t) => t.id === id);
      if (tab) return { window, tab };
    }
    return undefined;
  }

  /** Where a session sits; undefined for buried or unknown sessions. */
  locate(sessionId: string): { window: SimWindow; tab: SimTab } | undefined {
    for (const window of this.windows) {
      for (const tab of window.tabs) if (sessionIdsOf(tab.root).includes(sessionId)) return { window, tab };
    }
    return undefined;
  }

  /** The session with keyboard focus: the key window's selected tab's active session. */
  activeSession(): SimSession | undefined {
    const window = this.keyWindowId ? this.window(this.keyWindowId) : this.windows[0];
    const tab = window?.tabs.find((t) => t.id === window.selectedTabId);
    return tab ? this.sessions.get(tab.activeSessionId) : undefined;
  }

  /** A session id, or "active"; "all" is handled by callers that accept it. */
  resolveSession(id: string): SimSession | undefined {
    if (id === 'active') return this.activeSession();
    return this.sessions.get(id);
  }

  /** All live sessions in window/tab/tree order, then buried ones. */
  allSessions(): SimSession[] {
    const ordered: SimSession[] = [];
    for (const window of this.windows) {
      for (const tab of window.tabs) for (const id of sessionIdsOf(tab.root)) {
        const s = this.sessions.get(id);
        if (s) ordered.push(s);
      }
    }
    return [...ordered, ...this.buried];
  }

  // ---- creation -----------------------------------------------------------------------------

  private newSession(profile: ProfileDict, overrides: ProfileDict, size: GridSize): SimSession {
    const session = new SimSession({ profile, overrides, cols: size.cols, rows: size.rows, location: 'w0t0p0', shell: this.shell, sink: this.sink });
    this.sessions.set(session.id, session);
    // iTerm2 posts NewSession from the session's initializer: before the response, before ListSessions shows it.
    this.observer.sessionCreated(session.id);
    return session;
  }

  private startSession(session: SimSession): void {
    session.setLocation(this.locationOf(session.id));
    session.start();
  }

  private locationOf(sessionId: string): string {
    const where = this.locate(sessionId);
    if (!where) return 'w0t0p0';
    return `w${this.windows.indexOf(where.window)}t${where.window.tabs.indexOf(where.tab)}p${sessionIdsOf(where.tab.root).indexOf(sessionId)}`;
  }

  private freeWindowNumber(): number {
    let n = 0;
    while (this.windows.some((w) => w.number === n)) n++;
    return n;
  }

  /** New window with one tab and one session; becomes the key window. */
  createWindow(options: NewSessionOptions = {}): { window: SimWindow; tab: SimTab; session: SimSession } {
    const profile = options.profile ?? this.profiles[0]!;
    const overrides = options.overrides ?? {};
    const size = { cols: numberSetting(overrides['Columns'] ?? profile['Columns'], 80), rows: numberSetting(overrides['Rows'] ?? profile['Rows'], 25) };
    const session = this.newSession(profile, overrides, size);
    const tab = this.makeTab(session.id);
    const window: SimWindow = {
      id: `pty-${randomUUID().toUpperCase()}`,
      number: this.freeWindowNumber(),
      tabs: [tab],
      selectedTabId: tab.id,
      cols: size.cols,
      rows: size.rows,
      fullscreen: false,
      title: undefined,
      userVariables: new Map(),
    };
    this.windows.push(window);
    this.startSession(session);
    this.layoutChanged();
    this.makeKey(window, [focus({ case: 'selectedTab', value: tab.id }), focus({ case: 'session', value: session.id })]);
    return { window, tab, session };
  }

  /** New tab at the end of `window` (then moved to `index` by the caller if asked). */
  createTab(window: SimWindow, select: boolean, options: NewSessionOptions = {}): { tab: SimTab; session: SimSession } {
    const profile = options.profile ?? this.profiles[0]!;
    const session = this.newSession(profile, options.overrides ?? {}, { cols: window.cols, rows: window.rows });
    const tab = this.makeTab(session.id);
    window.tabs.push(tab);
    this.startSession(session);
    this.layoutChanged();
    if (select) this.selectTab(window, tab, true);
    return { tab, session };
  }

  private makeTab(sessionId: string): SimTab {
    return { id: String(this.nextTabId++), root: node(false, [leaf(sessionId)]), activeSessionId: sessionId, title: undefined, userVariables: new Map() };
  }

  /** Splits `target`'s pane in two; the new pane gets half of its cells. */
  splitPane(target: SimSession, vertical: boolean, before: boolean, options: NewSessionOptions = {}): SimSession | 'cannot_split' {
    const where = this.locate(target.id);
    if (!where) return 'cannot_split';
    const total = vertical ? target.cols : target.rows;
    const first = Math.floor((total - DIVIDER_CELLS) / 2);
    const second = total - DIVIDER_CELLS - first;
    if (Math.min(first, second) < (vertical ? MIN_PANE_COLS : MIN_PANE_ROWS)) return 'cannot_split';
    const keep = before ? second : first;
    const give = before ? first : second;
    const size = vertical ? { cols: give, rows: target.rows } : { cols: target.cols, rows: give };
    const session = this.newSession(options.profile ?? this.profiles[0]!, options.overrides ?? {}, size);
    splitPane(where.tab.root, target.id, session.id, vertical, before);
    if (vertical) target.resize(keep, target.rows);
    else target.resize(target.cols, keep);
    this.startSession(session);
    this.layoutChanged();
    this.setActiveSession(where.window, where.tab, session.id);
    return session;
  }

  // ---- removal ------------------------------------------------------------------------------

  private onProcessExited(session: SimSession): void {
    this.observer.sessionTerminated(session.id);
    // "Close Sessions On End" (on in the default profile): the pane goes away and iTerm2 reports the
    // teardown again - clients see the duplicate TerminateSession the real server sends.
    if (session.setting('Close Sessions On End') !== false) this.closeSession(session.id);
  }

  /** Closes a session (and its tab/window when it was the last). */
  closeSession(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    const buriedAt = this.buried.indexOf(session);
    if (buriedAt >= 0) this.buried.splice(buriedAt, 1);
    this.detach(sessionId);
    this.sessions.delete(sessionId);
    session.dispose();
    this.observer.sessionTerminated(sessionId);
    this.layoutChanged();
    return true;
  }

  closeTab(tabId: string): boolean {
    const found = this.tab(tabId);
    if (!found) return false;
    for (const id of sessionIdsOf(found.tab.root)) this.closeSession(id);
    return true;
  }

  closeWindow(windowId: string): boolean {
    const window = this.window(windowId);
    if (!window) return false;
    for (const tab of [...window.tabs]) this.closeTab(tab.id);
    return true;
  }

  /**
   * Takes a session out of its tab (without ending it), collapsing the tree, dropping an emptied
   * tab and window, and moving focus as iTerm2 does.
   */
  private detach(sessionId: string): void {
    const where = this.locate(sessionId);
    if (!where) return;
    const { window, tab } = where;
    removeSession(tab.root, sessionId);
    if (sessionIdsOf(tab.root).length > 0) {
      this.relayout(window, tab);
      if (tab.activeSessionId === sessionId) this.setActiveSession(window, tab, sessionIdsOf(tab.root)[0]!);
      return;
    }
    const index = window.tabs.indexOf(tab);
    window.tabs.splice(index, 1);
    if (window.tabs.length > 0) {
      if (window.selectedTabId === tab.id) this.selectTab(window, window.tabs[Math.min(index, window.tabs.length - 1)]!, false);
      return;
    }
    this.windows.splice(this.windows.indexOf(window), 1);
    if (this.keyWindowId === window.id) {
      const next = this.windows[this.windows.length - 1];
      this.keyWindowId = undefined;
      if (next) this.makeKey(next, []);
      else this.observer.focusChanged([focus({ case: 'window', value: { $typeName: 'iterm2.FocusChangedNotification.Window', windowStatus: RESIGNED_KEY, windowId: window.id } })]);
    }
  }

  // ---- moving -------------------------------------------------------------------------------

  /** `iterm2.move_session`: takes `session` out and splits `destination` with it. */
  moveSession(session: SimSession, destination: SimSession, vertical: boolean, before: boolean): void {
    this.detach(session.id);
    const where = this.locate(destination.id)!;
    splitPane(where.tab.root, destination.id, session.id, vertical, before);
    this.relayout(where.window, where.tab);
    this.layoutChanged();
  }

  /** `iterm2.move_session_to_new_tab`: a new tab holding only `session`. */
  moveSessionToNewTab(session: SimSession, window: SimWindow, tabIndex: number | undefined): SimTab {
    this.detach(session.id);
    const tab = this.makeTab(session.id);
    const at = tabIndex === undefined ? window.tabs.length : Math.max(0, Math.min(tabIndex, window.tabs.length));
    window.tabs.splice(at, 0, tab);
    this.relayout(window, tab);
    this.layoutChanged();
    this.selectTab(window, tab, true);
    return tab;
  }

  /** `iterm2.move_session_to_new_window`. */
  moveSessionToNewWindow(session: SimSession): SimWindow {
    const size = { cols: session.cols, rows: session.rows };
    this.detach(session.id);
    const tab = this.makeTab(session.id);
    const window: SimWindow = {
      id: `pty-${randomUUID().toUpperCase()}`, number: this.freeWindowNumber(), tabs: [tab], selectedTabId: tab.id,
      cols: size.cols, rows: size.rows, fullscreen: false, title: undefined, userVariables: new Map(),
    };
    this.windows.push(window);
    this.relayout(window, tab);
    this.layoutChanged();
    this.makeKey(window, [focus({ case: 'selectedTab', value: tab.id }), focus({ case: 'session', value: session.id })]);
    return window;
  }

  /**
   * Replaces several tabs' trees at once (apply_layout). Sessions placed here leave unlisted tabs
   * first; listed tabs get their new trees together, so swapping panes between tabs works.
   */
  applyTrees(entries: { window: SimWindow; tab: SimTab; root: SplitNode }[]): void {
    const listed = new Set(entries.map((e) => e.tab));
    for (const { root } of entries) {
      for (const id of sessionIdsOf(root)) {
        const where = this.locate(id);
        if (where && !listed.has(where.tab)) this.detach(id);
        const buried = this.buried.findIndex((s) => s.id === id);
        if (buried >= 0) this.buried.splice(buried, 1);
      }
    }
    for (const { window, tab, root } of entries) {
      normalizeRoot(root);
      tab.root = root;
      this.relayout(window, tab);
      if (!sessionIdsOf(root).includes(tab.activeSessionId)) tab.activeSessionId = sessionIdsOf(root)[0] ?? tab.activeSessionId;
    }
    this.layoutChanged();
  }

  /** Creates a session for apply_layout's `new_session` leaves; the caller places it. */
  createDetachedSession(profile: ProfileDict, overrides: ProfileDict): SimSession {
    const session = this.newSession(profile, overrides, { cols: 80, rows: 25 });
    this.buried.push(session);
    return session;
  }

  startDetached(session: SimSession): void {
    this.startSession(session);
  }

  /** Places listed tabs at indexes 0..n-1 of `window`, moving them between windows. */
  reorderTabs(assignments: { window: SimWindow; tabs: SimTab[] }[]): void {
    for (const { window, tabs } of assignments) {
      for (const tab of tabs) {
        const from = this.windows.find((w) => w.tabs.includes(tab))!;
        from.tabs.splice(from.tabs.indexOf(tab), 1);
        if (from !== window && from.selectedTabId === tab.id && from.tabs[0]) from.selectedTabId = from.tabs[0].id;
      }
      const rest = window.tabs.filter((t) => !tabs.includes(t));
      window.tabs = [...tabs, ...rest];
      for (const tab of tabs) this.relayout(window, tab);
      if (!window.tabs.some((t) => t.id === window.selectedTabId) && window.tabs[0]) window.selectedTabId = window.tabs[0].id;
    }
    for (const window of [...this.windows]) {
      if (window.tabs.length === 0) {
        this.windows.splice(this.windows.indexOf(window), 1);
        if (this.keyWindowId === window.id) this.keyWindowId = this.windows[this.windows.length - 1]?.id;
      }
    }
    this.layoutChanged();
  }

  // ---- burying ------------------------------------------------------------------------------

  bury(session: SimSession): void {
    if (this.buried.includes(session)) return;
    this.detach(session.id);
    this.buried.push(session);
    this.layoutChanged();
  }

  /** Un-buries into a new tab of the key window (or a new window), as iTerm2 does. */
  unbury(session: SimSession): void {
    const at = this.buried.indexOf(session);
    if (at < 0) return;
    this.buried.splice(at, 1);
    const window = this.keyWindowId ? this.window(this.keyWindowId) : undefined;
    if (window) this.moveSessionToNewTab(session, window, undefined);
    else this.moveSessionToNewWindow(session);
  }

  // ---- sizes --------------------------------------------------------------------------------

  /** Gives every pane of `tab` an even share of its window's grid. */
  relayout(window: SimWindow, tab: SimTab): void {
    const sizes = distribute(tab.root, { cols: window.cols, rows: window.rows });
    for (const [id, size] of sizes) this.sessions.get(id)?.resize(size.cols, size.rows);
  }

  /** SetTabLayout: leaves carry pane sizes; the window is resized to fit them. */
  resizePanes(window: SimWindow, tab: SimTab, sizes: Map<string, GridSize>): void {
    for (const [id, size] of sizes) this.sessions.get(id)?.resize(size.cols, size.rows);
    const fitted = treeSize(tab.root, this.sizesOf(tab.root));
    window.cols = fitted.cols;
    window.rows = fitted.rows;
    for (const other of window.tabs) if (other !== tab) this.relayout(window, other);
    this.layoutChanged();
  }

  /** Resizes a pane via `grid_size` (window grows or shrinks by the difference). */
  resizeSession(session: SimSession, size: GridSize): void {
    const where = this.locate(session.id);
    if (!where) {
      session.resize(size.cols, size.rows);
      return;
    }
    where.window.cols += size.cols - session.cols;
    where.window.rows += size.rows - session.rows;
    session.resize(size.cols, size.rows);
    for (const tab of where.window.tabs) if (tab !== where.tab || tab.root.children.length > 1) this.relayout(where.window, tab);
    this.layoutChanged();
  }

  sizesOf(tree: SplitChild): Map<string, GridSize> {
    return new Map(sessionIdsOf(tree).map((id) => {
      const s = this.sessions.get(id);
      return [id, { cols: s?.cols ?? 0, rows: s?.rows ?? 0 }];
    }));
  }

  // ---- focus --------------------------------------------------------------------------------

  private makeKey(window: SimWindow, then: FocusChangedNotification[]): void {
    const events: FocusChangedNotification[] = [];
    if (this.keyWindowId !== window.id) {
      this.keyWindowId = window.id;
      events.push(focus({ case: 'window', value: { $typeName: 'iterm2.FocusChangedNotification.Window', windowStatus: BECAME_KEY, windowId: window.id } }));
    }
    this.observer.focusChanged([...events, ...then]);
  }

  /** Orders a window front (it becomes key). */
  orderFront(window: SimWindow): void {
    this.windows.splice(this.windows.indexOf(window), 1);
    this.windows.push(window);
    this.makeKey(window, []);
  }

  selectTab(window: SimWindow, tab: SimTab, orderFront: boolean): void {
    const events: FocusChangedNotification[] = [];
    if (window.selectedTabId !== tab.id) {
      window.selectedTabId = tab.id;
      events.push(focus({ case: 'selectedTab', value: tab.id }), focus({ case: 'session', value: tab.activeSessionId }));
    }
    if (orderFront) this.makeKey(window, events);
    else if (events.length) this.observer.focusChanged(events);
  }

  setActiveSession(window: SimWindow, tab: SimTab, sessionId: string): void {
    if (tab.activeSessionId === sessionId) return;
    tab.activeSessionId = sessionId;
    if (window.selectedTabId === tab.id) this.observer.focusChanged([focus({ case: 'session', value: sessionId })]);
  }

  setApplicationActive(active: boolean): void {
    if (this.applicationActive === active) return;
    this.applicationActive = active;
    this.observer.focusChanged([focus({ case: 'applicationActive', value: active })]);
  }

  /** FocusResponse order: app active, key window, then per window its selected tab and each tab's active session. */
  focusSnapshot(): FocusChangedNotification[] {
    const out = [focus({ case: 'applicationActive', value: this.applicationActive })];
    const key = this.keyWindowId;
    const window = create(FocusChangedNotification_WindowSchema, { windowStatus: key ? BECAME_KEY : RESIGNED_KEY });
    if (key) window.windowId = key;
    out.push(focus({ case: 'window', value: window }));
    for (const window of this.windows) {
      if (window.tabs.length === 0) continue;
      out.push(focus({ case: 'selectedTab', value: window.selectedTabId }));
      for (const tab of window.tabs) out.push(focus({ case: 'session', value: tab.activeSessionId }));
    }
    return out;
  }

  // ---- snapshots ----------------------------------------------------------------------------

  layoutChanged(): void {
    this.observer.layoutChanged();
  }

  listSessions(): ListSessionsResponse {
    return create(ListSessionsResponseSchema, {
      windows: this.windows.map((window) => ({
        windowId: window.id,
        number: window.number,
        frame: this.windowFrame(window),
        tabs: window.tabs.map((tab) => ({ tabId: tab.id, tmuxWindowId: '-1', root: this.treeMessage(tab.root) })),
      })),
      buriedSessions: this.buried.map((s) => create(SessionSummarySchema, { uniqueIdentifier: s.id, title: s.name })),
    });
  }

  /** Window frame in screen points (macOS style, origin bottom-left). */
  windowFrame(window: SimWindow): { origin: { x: number; y: number }; size: { width: number; height: number } } {
    const width = window.cols * CELL_WIDTH + 2 * SIDE_MARGIN;
    const height = window.rows * CELL_HEIGHT + 2 * TOP_MARGIN + TITLE_BAR;
    return { origin: window.frameOrigin ?? { x: 40 + 24 * window.number, y: 900 - height - 24 * window.number }, size: { width, height } };
  }

  /** Applies a window frame: the grid is whatever fits in the new size. */
  setWindowFrame(window: SimWindow, frame: { origin: { x: number; y: number }; size: { width: number; height: number } }): void {
    window.frameOrigin = frame.origin;
    window.cols = Math.max(MIN_PANE_COLS, Math.floor((frame.size.width - 2 * SIDE_MARGIN) / CELL_WIDTH));
    window.rows = Math.max(MIN_PANE_ROWS, Math.floor((frame.size.height - 2 * TOP_MARGIN - TITLE_BAR) / CELL_HEIGHT));
    for (const tab of window.tabs) this.relayout(window, tab);
    this.layoutChanged();
  }

  /** Session frames are relative to their parent split view, as iTerm2 reports them. */
  private treeMessage(tree: SplitNode): SplitTreeNode {
    const links: SplitTreeNode['links'] = [];
    let offset = 0;
    for (const child of tree.children) {
      const size = child.kind === 'session' ? this.sizesOf(child).get(child.sessionId)! : treeSize(child, this.sizesOf(child));
      const width = size.cols * CELL_WIDTH + 2 * SIDE_MARGIN;
      const height = size.rows * CELL_HEIGHT + 2 * TOP_MARGIN;
      const at = tree.vertical ? { x: offset, y: 0 } : { x: 0, y: offset };
      if (child.kind === 'session') {
        const session = this.sessions.get(child.sessionId)!;
        links.push({
          $typeName: 'iterm2.SplitTreeNode.SplitTreeLink',
          child: { case: 'session', value: this.summary(session, { origin: at, size: { width, height } }) },
        });
      } else {
        links.push({ $typeName: 'iterm2.SplitTreeNode.SplitTreeLink', child: { case: 'node', value: this.treeMessage(child) } });
      }
      offset += (tree.vertical ? width : height) + 1;
    }
    return create(SplitTreeNodeSchema, { vertical: tree.vertical, links });
  }

  private summary(session: SimSession, frame: { origin: { x: number; y: number }; size: { width: number; height: number } }): SessionSummary {
    return create(SessionSummarySchema, {
      uniqueIdentifier: session.id,
      frame,
      gridSize: { width: session.cols, height: session.rows },
      title: session.name,
    });
  }

  // ---- teardown -----------------------------------------------------------------------------

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.windows.length = 0;
    this.buried.length = 0;
  }
}

function numberSetting(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
