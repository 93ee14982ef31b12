import { VariableScope } from '../gen/api_pb';
import { internalError } from './internal-error';
import type { ModelObserver, NewSessionOptions, SimTab, SimWindow } from './model-types';
import { defaultProfiles, gridOfProfile, type JsonValue, type ProfileDict } from './profiles';
import { SimSession, type SessionSink, type ShellConfig } from './session';
import { SimFocus } from './sim-focus';
import { addWindow, detachSession, locateSession, locationOf, reorderTabs } from './sim-windows';
import {
  DIVIDER_CELLS,
  distribute,
  leaf,
  MIN_PANE_COLS,
  MIN_PANE_ROWS,
  node,
  normalizeRoot,
  sessionIdsOf,
  splitPane,
  type GridSize,
  type SplitNode,
} from './split-tree';

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
  readonly focus: SimFocus;
  private nextTabId = 1;
  private readonly sink: SessionSink;

  constructor(
    private readonly observer: ModelObserver,
    private readonly shell: ShellConfig,
    /** A failure no request is waiting for, as the message a failed request is answered with. */
    reportInternalError: (message: string) => void,
  ) {
    this.focus = new SimFocus(this.windows, observer);
    this.sink = {
      screenChanged: (s) => observer.screenChanged(s.id),
      customEscape: (s, identity, payload) => observer.customEscape(s.id, identity, payload),
      variableChanged: (s, name, json) => observer.variableChanged(VariableScope.SESSION, s.id, name, json),
      prompt: (s, event) => observer.prompt(s.id, event),
      processExited: (s) => this.onProcessExited(s),
      failed: (s, doing, error) => reportInternalError(internalError(error, `session ${s.id}: ${doing}`)),
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
    return locateSession(this.windows, sessionId);
  }

  /** The session with keyboard focus: the key window's selected tab's active session. */
  activeSession(): SimSession | undefined {
    const window = this.focus.keyWindowId ? this.window(this.focus.keyWindowId) : this.windows[0];
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
      for (const tab of window.tabs)
        for (const id of sessionIdsOf(tab.root)) {
          const s = this.sessions.get(id);
          if (s) ordered.push(s);
        }
    }
    return [...ordered, ...this.buried];
  }

  // ---- creation -----------------------------------------------------------------------------

  private newSession(profile: ProfileDict, overrides: ProfileDict, size: GridSize): SimSession {
    const session = new SimSession({
      profile,
      overrides,
      cols: size.cols,
      rows: size.rows,
      location: 'w0t0p0',
      shell: this.shell,
      sink: this.sink,
    });
    this.sessions.set(session.id, session);
    // iTerm2 posts NewSession from the session's initializer: before the response, before ListSessions shows it.
    this.observer.sessionCreated(session.id);
    return session;
  }

  private startSession(session: SimSession): void {
    session.setLocation(locationOf(this.windows, session.id));
    session.start();
  }

  /** New window with one tab and one session; becomes the key window. */
  createWindow(options: NewSessionOptions = {}): { window: SimWindow; tab: SimTab; session: SimSession } {
    const profile = options.profile ?? this.profiles[0]!;
    const overrides = options.overrides ?? {};
    const size = gridOfProfile(profile, overrides);
    const session = this.newSession(profile, overrides, size);
    const tab = this.makeTab(session.id);
    const window = addWindow(this.windows, tab, size);
    this.startSession(session);
    this.layoutChanged();
    this.focus.opened(window, tab, session.id);
    return { window, tab, session };
  }

  /** New tab at the end of `window` (then moved to `index` by the caller if asked). */
  createTab(
    window: SimWindow,
    select: boolean,
    options: NewSessionOptions = {},
  ): { tab: SimTab; session: SimSession } {
    const profile = options.profile ?? this.profiles[0]!;
    const session = this.newSession(profile, options.overrides ?? {}, {
      cols: window.cols,
      rows: window.rows,
    });
    const tab = this.makeTab(session.id);
    window.tabs.push(tab);
    this.startSession(session);
    this.layoutChanged();
    if (select) this.focus.selectTab(window, tab, true);
    return { tab, session };
  }

  private makeTab(sessionId: string): SimTab {
    return {
      id: String(this.nextTabId++),
      root: node(false, [leaf(sessionId)]),
      activeSessionId: sessionId,
      title: undefined,
      userVariables: new Map(),
    };
  }

  /** Splits `target`'s pane in two; the new pane gets half of its cells. */
  splitPane(
    target: SimSession,
    vertical: boolean,
    before: boolean,
    options: NewSessionOptions = {},
  ): SimSession | 'cannot_split' {
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
    this.focus.setActiveSession(where.window, where.tab, session.id);
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

  private detach(sessionId: string): void {
    detachSession(this.windows, this.focus, sessionId, (window, tab) => this.relayout(window, tab));
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
    const at =
      tabIndex === undefined ? window.tabs.length : Math.max(0, Math.min(tabIndex, window.tabs.length));
    window.tabs.splice(at, 0, tab);
    this.relayout(window, tab);
    this.layoutChanged();
    this.focus.selectTab(window, tab, true);
    return tab;
  }

  /** `iterm2.move_session_to_new_window`. */
  moveSessionToNewWindow(session: SimSession): SimWindow {
    const size = { cols: session.cols, rows: session.rows };
    this.detach(session.id);
    const tab = this.makeTab(session.id);
    const window = addWindow(this.windows, tab, size);
    this.relayout(window, tab);
    this.layoutChanged();
    this.focus.opened(window, tab, session.id);
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
      if (!sessionIdsOf(root).includes(tab.activeSessionId))
        tab.activeSessionId = sessionIdsOf(root)[0] ?? tab.activeSessionId;
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
    reorderTabs(this.windows, this.focus, assignments, (window, tab) => this.relayout(window, tab));
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
    const window = this.focus.keyWindowId ? this.window(this.focus.keyWindowId) : undefined;
    if (window) this.moveSessionToNewTab(session, window, undefined);
    else this.moveSessionToNewWindow(session);
  }

  // ---- sizes --------------------------------------------------------------------------------

  /** Gives every pane of `tab` an even share of its window's grid. */
  relayout(window: SimWindow, tab: SimTab): void {
    const sizes = distribute(tab.root, { cols: window.cols, rows: window.rows });
    for (const [id, size] of sizes) this.sessions.get(id)?.resize(size.cols, size.rows);
  }

  layoutChanged(): void {
    this.observer.layoutChanged();
  }

  // ---- teardown -----------------------------------------------------------------------------

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.windows.length = 0;
    this.buried.length = 0;
  }
}
