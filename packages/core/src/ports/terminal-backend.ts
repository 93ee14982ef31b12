/**
 * The port through which core drives terminals. Implemented by the iTerm2 bridge (real iTerm2 or the
 * embedded iTerm2-API server) and by the in-memory backend. Ids are the backend's own (iTerm2 session,
 * tab and window ids). Layout follows iTerm2's rules: a splitter has at least two children and never
 * nests a splitter of the same orientation directly.
 */
export interface TerminalBackend {
  readonly name: string;
  /** Creates a pane running `command` (or the default shell) in a new window, a new tab, or a split. */
  createPane(spec: PaneSpec): Promise<PaneInfo>;
  closePane(paneId: string): Promise<void>;
  listPanes(): Promise<PaneInfo[]>;
  /** The current windows → tabs → split trees. */
  getLayout(): Promise<BackendLayout>;
  /** Rearranges existing panes into `layout`, moving live sessions; never restarts one. */
  applyLayout(layout: BackendLayout): Promise<void>;
  sendText(paneId: string, text: string): Promise<void>;
  readScreen(paneId: string): Promise<ScreenSnapshot>;
  /** The last `maxLines` lines of scrollback plus screen, oldest first, where the backend keeps scrollback. */
  readHistory?(paneId: string, maxLines: number): Promise<string[]>;
  setAppearance(paneId: string, appearance: PaneAppearance): Promise<void>;
  setVariable(paneId: string, name: string, value: string): Promise<void>;
  getVariable(paneId: string, name: string): Promise<string | undefined>;
  focus(paneId: string): Promise<void>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  close(): Promise<void>;
}

export type PanePlacement =
  | { kind: 'window' }
  | { kind: 'tab'; windowId: string }
  | { kind: 'split'; paneId: string; vertical: boolean; before?: boolean };

export interface PaneSpec {
  /** Full command line; the default login shell when absent. */
  command?: string;
  cwd?: string;
  placement?: PanePlacement;
}

export interface PaneInfo {
  id: string;
  windowId: string;
  tabId: string;
  title: string;
  /** Process id of the pane's job, when the backend knows it. */
  pid: number | null;
  alive: boolean;
}

export interface PaneAppearance {
  tabColor?: string | null;
  badge?: string;
  title?: string;
}

export interface ScreenSnapshot {
  lines: string[];
  cursor: { x: number; y: number };
}

/** A split tree: leaves are panes; `vertical` splitters lay children side by side. */
export type SplitNode =
  | { kind: 'pane'; paneId: string }
  | { kind: 'split'; vertical: boolean; children: SplitNode[] };

export interface TabLayout {
  tabId?: string;
  root: SplitNode;
}

export interface WindowLayout {
  windowId?: string;
  tabs: TabLayout[];
}

export interface BackendLayout {
  windows: WindowLayout[];
}

export type BackendEvent =
  | { type: 'pane.created'; pane: PaneInfo }
  | { type: 'pane.closed'; paneId: string }
  | { type: 'pane.output'; paneId: string }
  | { type: 'pane.focused'; paneId: string }
  | { type: 'layout.changed' }
  | { type: 'variable.changed'; paneId: string; name: string; value: string }
  | { type: 'backend.disconnected' }
  | { type: 'backend.reconnected'; gapMs: number };
